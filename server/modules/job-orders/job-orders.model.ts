import { bigintColumn } from '../../db/columns';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { JOB_ORDER_STATES, type JobOrderState } from './job-orders.labels';

export const JOB_CATEGORIES = [
  'general',
  'institutional_caregiver',
  'home_caregiver',
  'agriculture',
  'seafarer_transport',
  'fishing_coastal',
  'fishing_distant',
  'jp_tts_1_2',
  'jp_tts_3',
  'jp_ssw_after_tts',
  'jp_high_skilled',
  'kr_eps',
] as const;
export type JobCategory = (typeof JOB_CATEGORIES)[number];
export { JOB_ORDER_STATES, type JobOrderState };

export class JobOrder extends Model<InferAttributes<JobOrder>, InferCreationAttributes<JobOrder>> {
  declare id: CreationOptional<number>;
  declare agencyId: number;
  declare reference: string | null;
  declare employerName: string | null;
  declare employerCountry: string | null;
  declare employerAddress: string | null;
  declare destinationCountry: string | null;
  declare jobCategory: JobCategory;
  declare jobTitle: string | null;
  declare headcount: number | null;
  declare salaryCurrency: string | null;
  declare salaryMinor: number | null;
  /** NUMERIC: VND per one major unit of the salary currency, as an exact decimal string */
  declare fxRate: string | null;
  declare fxRateDate: string | null;
  declare fxRateSource: string | null;
  declare contractMonths: number | null;
  declare serviceFeeVnd: CreationOptional<number>;
  declare foreignPaidFeeVnd: CreationOptional<number>;
  declare brokerageVnd: CreationOptional<number>;
  declare depositVnd: CreationOptional<number>;
  declare depositHolder: 'commercial_bank' | 'vbsp' | null;
  declare airfareVnd: number | null;
  declare supplyRegNumber: string | null;
  declare supplyRegDate: string | null;
  declare supplyRegStatus: 'submitted' | 'approved' | 'rejected' | null;
  declare programmeReference: string | null;
  declare ministryReportDate: string | null;
  declare recruitFrom: string | null;
  declare recruitTo: string | null;
  declare expectedDepartureOn: string | null;
  declare state: CreationOptional<JobOrderState>;
  declare version: CreationOptional<number>;
  declare openedOn: string | null;
  declare closedOn: string | null;
  declare createdByUserId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initJobOrderModels(sequelize: Sequelize): void {
  JobOrder.init(
    {
      id: bigintColumn('id', { autoIncrement: true, primaryKey: true }),
      agencyId: { ...bigintColumn('agencyId'), allowNull: false },
      reference: DataTypes.TEXT,
      employerName: DataTypes.TEXT,
      employerCountry: DataTypes.STRING(2),
      employerAddress: DataTypes.TEXT,
      destinationCountry: DataTypes.STRING(2),
      jobCategory: { type: DataTypes.TEXT, allowNull: false },
      jobTitle: DataTypes.TEXT,
      headcount: DataTypes.INTEGER,
      salaryCurrency: DataTypes.STRING(3),
      salaryMinor: bigintColumn('salaryMinor'),
      fxRate: DataTypes.DECIMAL(18, 6),
      fxRateDate: DataTypes.DATEONLY,
      fxRateSource: DataTypes.TEXT,
      contractMonths: DataTypes.INTEGER,
      serviceFeeVnd: { ...bigintColumn('serviceFeeVnd'), allowNull: false, defaultValue: 0 },
      foreignPaidFeeVnd: { ...bigintColumn('foreignPaidFeeVnd'), allowNull: false, defaultValue: 0 },
      brokerageVnd: { ...bigintColumn('brokerageVnd'), allowNull: false, defaultValue: 0 },
      depositVnd: { ...bigintColumn('depositVnd'), allowNull: false, defaultValue: 0 },
      depositHolder: DataTypes.TEXT,
      airfareVnd: bigintColumn('airfareVnd'),
      supplyRegNumber: DataTypes.TEXT,
      supplyRegDate: DataTypes.DATEONLY,
      supplyRegStatus: DataTypes.TEXT,
      programmeReference: DataTypes.TEXT,
      ministryReportDate: DataTypes.DATEONLY,
      recruitFrom: DataTypes.DATEONLY,
      recruitTo: DataTypes.DATEONLY,
      expectedDepartureOn: DataTypes.DATEONLY,
      state: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'draft' },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      openedOn: DataTypes.DATEONLY,
      closedOn: DataTypes.DATEONLY,
      createdByUserId: bigintColumn('createdByUserId'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'job_orders', underscored: true },
  );
}
