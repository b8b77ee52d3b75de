// The job exchange's workflow entities (the engine locks and writes them): vacancies (Mẫu 03a) and referrals (Mẫu 04).
// Job seekers and employers are plain rows written by exchange.service.ts in SQL.
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { bigintColumn } from '../../db/columns';

export const VACANCY_STATES = ['open', 'filled', 'closed'] as const;
export type VacancyState = (typeof VACANCY_STATES)[number];
export const REFERRAL_STATES = ['introduced', 'interviewed', 'hired', 'not_hired', 'withdrawn'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

export class Vacancy extends Model<InferAttributes<Vacancy>, InferCreationAttributes<Vacancy>> {
  declare id: CreationOptional<number>;
  declare centreId: number;
  declare employerId: number;
  declare state: CreationOptional<VacancyState>;
  declare version: CreationOptional<number>;
  declare numberToHire: number;
  declare hiredCount: CreationOptional<number>;
  declare deadline: string;
  declare provinceCode: string;
  declare closedOn: CreationOptional<string | null>;
  declare whoseMove: CreationOptional<string>;
  declare nextDeadlineOn: CreationOptional<string | null>;
  declare nextDeadlineRule: CreationOptional<string | null>;
  declare updatedAt: CreationOptional<Date>;
}

export class Referral extends Model<InferAttributes<Referral>, InferCreationAttributes<Referral>> {
  declare id: CreationOptional<number>;
  declare centreId: number;
  declare jobSeekerId: number;
  declare seekerCentreId: number;
  declare workerId: number;
  declare vacancyId: number | null;
  declare origin: 'person' | 'employer';
  declare state: CreationOptional<ReferralState>;
  declare version: CreationOptional<number>;
  declare introducedOn: string;
  declare contractType: CreationOptional<string | null>;
  declare signedOn: CreationOptional<string | null>;
  declare startOn: CreationOptional<string | null>;
  declare contractEndOn: CreationOptional<string | null>;
  declare position: CreationOptional<string | null>;
  declare wageCode: CreationOptional<number | null>;
  declare employerName: CreationOptional<string | null>;
  declare employerEnterpriseCode: CreationOptional<string | null>;
  declare employerPersonalId: CreationOptional<string | null>;
  declare employerSectorCode: CreationOptional<string | null>;
  declare employerAddress: CreationOptional<string | null>;
  declare notifiedOn: CreationOptional<string | null>;
  declare followUpOn: CreationOptional<string | null>;
  declare stillEmployed: CreationOptional<boolean | null>;
  declare njeEnteredOn: CreationOptional<string | null>;
  declare njeReference: CreationOptional<string | null>;
  declare whoseMove: CreationOptional<string>;
  declare nextDeadlineOn: CreationOptional<string | null>;
  declare nextDeadlineRule: CreationOptional<string | null>;
  declare createdByUserId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initExchangeModels(sequelize: Sequelize): void {
  Vacancy.init(
    {
      id: bigintColumn('id', { autoIncrement: true, primaryKey: true }),
      centreId: { ...bigintColumn('centreId'), allowNull: false },
      employerId: { ...bigintColumn('employerId'), allowNull: false },
      state: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'open' },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      numberToHire: { type: DataTypes.INTEGER, allowNull: false },
      hiredCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      deadline: { type: DataTypes.DATEONLY, allowNull: false },
      provinceCode: { type: DataTypes.STRING(2), allowNull: false },
      closedOn: DataTypes.DATEONLY,
      whoseMove: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'agency' },
      nextDeadlineOn: DataTypes.DATEONLY,
      nextDeadlineRule: DataTypes.TEXT,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'vacancies', underscored: true, createdAt: false },
  );
  Referral.init(
    {
      id: bigintColumn('id', { autoIncrement: true, primaryKey: true }),
      centreId: { ...bigintColumn('centreId'), allowNull: false },
      jobSeekerId: { ...bigintColumn('jobSeekerId'), allowNull: false },
      seekerCentreId: { ...bigintColumn('seekerCentreId'), allowNull: false },
      workerId: { ...bigintColumn('workerId'), allowNull: false },
      vacancyId: bigintColumn('vacancyId'),
      origin: { type: DataTypes.TEXT, allowNull: false },
      state: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'introduced' },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      introducedOn: { type: DataTypes.DATEONLY, allowNull: false },
      contractType: DataTypes.TEXT,
      signedOn: DataTypes.DATEONLY,
      startOn: DataTypes.DATEONLY,
      contractEndOn: DataTypes.DATEONLY,
      position: DataTypes.TEXT,
      wageCode: DataTypes.SMALLINT,
      employerName: DataTypes.TEXT,
      employerEnterpriseCode: DataTypes.TEXT,
      employerPersonalId: DataTypes.STRING(12),
      employerSectorCode: DataTypes.STRING(1),
      employerAddress: DataTypes.TEXT,
      notifiedOn: DataTypes.DATEONLY,
      followUpOn: DataTypes.DATEONLY,
      stillEmployed: DataTypes.BOOLEAN,
      njeEnteredOn: DataTypes.DATEONLY,
      njeReference: DataTypes.TEXT,
      whoseMove: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'agency' },
      nextDeadlineOn: DataTypes.DATEONLY,
      nextDeadlineRule: DataTypes.TEXT,
      createdByUserId: bigintColumn('createdByUserId'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'referrals', underscored: true },
  );
}
