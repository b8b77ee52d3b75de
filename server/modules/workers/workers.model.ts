import { bigintColumn } from '../../db/columns';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export const EDUCATION_LEVELS = [
  'none',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vocational',
  'college',
  'university',
  'postgraduate',
] as const;
export const HOUSEHOLD_STATUSES = ['poor', 'near_poor', 'escaped_poverty', 'none'] as const;
export const CONSENT_PURPOSES = [
  'recruitment',
  'placement_abroad',
  'support_grants',
  'training',
  'data_sharing_abroad',
  // the job exchange (E1): counselling, placement and matching by an employment service centre
  'job_matching',
] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

export class Worker extends Model<InferAttributes<Worker>, InferCreationAttributes<Worker>> {
  declare id: CreationOptional<number>;
  declare fullName: string;
  declare fullNameFolded: string;
  declare dateOfBirth: string;
  declare sex: 'male' | 'female';
  declare cccd: string;
  declare cccdIssuedOn: string | null;
  declare phone: string | null;
  declare email: string | null;
  declare ethnicity: string | null;
  declare provinceCode: string | null;
  declare communeCode: string | null;
  declare street: string | null;
  declare oldProvinceName: string | null;
  declare oldDistrictName: string | null;
  declare education: string | null;
  declare generalEducation: CreationOptional<string | null>;
  declare technicalLevel: CreationOptional<string | null>;
  declare languages: CreationOptional<string[]>;
  declare householdStatus: CreationOptional<HouseholdStatus>;
  declare householdStatusYear: number | null;
  declare landRecovered: CreationOptional<boolean>;
  declare meritoriousFamily: CreationOptional<boolean>;
  declare createdByAgencyId: number | null;
  /** verified from the population database (workers.identity.ts): identity fields then change only by re-verification */
  declare identityVerifiedAt: CreationOptional<Date | null>;
  declare identityVerifiedMethod: CreationOptional<string | null>;
  declare identityVerifiedByUserId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class WorkerAgencyLink extends Model<
  InferAttributes<WorkerAgencyLink>,
  InferCreationAttributes<WorkerAgencyLink>
> {
  declare id: CreationOptional<number>;
  declare workerId: number;
  declare agencyId: number;
  declare since: string;
  declare consentDate: string;
  declare purposes: string[];
  declare evidence: string;
  /** the scanned consent form (null only for links made before scans were required) */
  declare consentFileId: number | null;
  declare createdByUserId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initWorkerModels(sequelize: Sequelize): void {
  Worker.init(
    {
      id: bigintColumn('id', { autoIncrement: true, primaryKey: true }),
      fullName: { type: DataTypes.TEXT, allowNull: false },
      fullNameFolded: { type: DataTypes.TEXT, allowNull: false },
      dateOfBirth: { type: DataTypes.DATEONLY, allowNull: false },
      sex: { type: DataTypes.TEXT, allowNull: false },
      cccd: { type: DataTypes.STRING(12), allowNull: false },
      cccdIssuedOn: DataTypes.DATEONLY,
      phone: DataTypes.TEXT,
      email: DataTypes.TEXT,
      ethnicity: DataTypes.TEXT,
      provinceCode: DataTypes.STRING(2),
      communeCode: DataTypes.STRING(5),
      street: DataTypes.TEXT,
      oldProvinceName: DataTypes.TEXT,
      oldDistrictName: DataTypes.TEXT,
      education: DataTypes.TEXT,
      generalEducation: DataTypes.TEXT,
      technicalLevel: DataTypes.TEXT,
      languages: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
      householdStatus: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'none' },
      householdStatusYear: DataTypes.INTEGER,
      landRecovered: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      meritoriousFamily: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdByAgencyId: bigintColumn('createdByAgencyId'),
      identityVerifiedAt: DataTypes.DATE,
      identityVerifiedMethod: DataTypes.TEXT,
      identityVerifiedByUserId: bigintColumn('identityVerifiedByUserId'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'workers', underscored: true },
  );
  WorkerAgencyLink.init(
    {
      id: bigintColumn('id', { autoIncrement: true, primaryKey: true }),
      workerId: { ...bigintColumn('workerId'), allowNull: false },
      agencyId: { ...bigintColumn('agencyId'), allowNull: false },
      since: { type: DataTypes.DATEONLY, allowNull: false },
      consentDate: { type: DataTypes.DATEONLY, allowNull: false },
      purposes: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false },
      evidence: { type: DataTypes.TEXT, allowNull: false },
      consentFileId: bigintColumn('consentFileId'),
      createdByUserId: bigintColumn('createdByUserId'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'worker_agency_links', underscored: true },
  );
}
