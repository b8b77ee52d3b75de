import { bigintColumn } from '../../db/columns';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';
import { Worker } from '../workers';
import { JobOrder } from '../job-orders';

import { CASE_STATES, PLACE_STATES, type CaseState } from './cases.states';

export { CASE_STATES, PLACE_STATES, type CaseState };
export const CASE_SOURCES = ['agency', 'centre_referral'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const RETURN_OUTCOMES = ['on_time', 'early_not_at_fault', 'early_at_fault', 'absconded'] as const;

export class Case extends Model<InferAttributes<Case>, InferCreationAttributes<Case>> {
  declare id: CreationOptional<number>;
  declare workerId: number;
  declare jobOrderId: number;
  declare agencyId: number;
  declare state: CreationOptional<CaseState>;
  declare version: CreationOptional<number>;
  declare whoseMove: CreationOptional<string>;
  declare nextDeadlineOn: string | null;
  declare nextDeadlineRule: string | null;
  declare selectedOn: string | null;
  declare waitingAgreementOn: string | null;
  declare contractSignedOn: string | null;
  declare departedOn: string | null;
  declare returnedOn: string | null;
  declare returnOutcome: (typeof RETURN_OUTCOMES)[number] | null;
  declare liquidatedOn: string | null;
  declare liquidatedUnilaterally: CreationOptional<boolean>;
  declare closedOn: string | null;
  declare databaseUpdatedOn: CreationOptional<string | null>;
  declare residenceNotifiedOn: CreationOptional<string | null>;
  declare exitReason: string | null;
  declare plannedDepartureOn: string | null;
  declare flight: string | null;
  declare destination: string | null;
  declare labourContractStartOn: string | null;
  declare labourContractEndOn: string | null;
  declare departureOverrideReason: string | null;
  declare returnReason: string | null;
  declare returnEvidenceFileId: number | null;
  declare liquidationDeductions: CreationOptional<{ amountVnd: number; reason: string; evidenceFileId?: number }[]>;
  declare createdByUserId: number | null;
  declare assigneeUserId: CreationOptional<number | null>;
  /** where the application came from: the agency's own, or a centre's referral (Decree 352 Art 7.1.b) */
  declare source: CreationOptional<CaseSource>;
  declare sourceReferralId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare worker?: NonAttribute<Worker>;
  declare jobOrder?: NonAttribute<JobOrder>;
}

export function initCaseModels(sequelize: Sequelize): void {
  Case.init(
    {
      id: bigintColumn('id', { autoIncrement: true, primaryKey: true }),
      workerId: { ...bigintColumn('workerId'), allowNull: false },
      jobOrderId: { ...bigintColumn('jobOrderId'), allowNull: false },
      agencyId: { ...bigintColumn('agencyId'), allowNull: false },
      state: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'registered' },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      whoseMove: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'agency' },
      nextDeadlineOn: DataTypes.DATEONLY,
      nextDeadlineRule: DataTypes.TEXT,
      selectedOn: DataTypes.DATEONLY,
      waitingAgreementOn: DataTypes.DATEONLY,
      contractSignedOn: DataTypes.DATEONLY,
      departedOn: DataTypes.DATEONLY,
      returnedOn: DataTypes.DATEONLY,
      returnOutcome: DataTypes.TEXT,
      liquidatedOn: DataTypes.DATEONLY,
      liquidatedUnilaterally: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      closedOn: DataTypes.DATEONLY,
      databaseUpdatedOn: DataTypes.DATEONLY,
      residenceNotifiedOn: DataTypes.DATEONLY,
      exitReason: DataTypes.TEXT,
      plannedDepartureOn: DataTypes.DATEONLY,
      flight: DataTypes.TEXT,
      destination: DataTypes.TEXT,
      labourContractStartOn: DataTypes.DATEONLY,
      labourContractEndOn: DataTypes.DATEONLY,
      departureOverrideReason: DataTypes.TEXT,
      returnReason: DataTypes.TEXT,
      returnEvidenceFileId: bigintColumn('returnEvidenceFileId'),
      liquidationDeductions: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      createdByUserId: bigintColumn('createdByUserId'),
      assigneeUserId: bigintColumn('assigneeUserId'),
      source: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'agency' },
      sourceReferralId: bigintColumn('sourceReferralId'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'cases', underscored: true },
  );
  Case.belongsTo(Worker, { foreignKey: 'workerId', as: 'worker' });
  Case.belongsTo(JobOrder, { foreignKey: 'jobOrderId', as: 'jobOrder' });
}
