import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { bigintColumn } from '../../db/columns';

export const GRANT_STATES = [
  'draft',
  'submitted',
  'certified',
  'returned',
  'approved',
  'rejected',
  'paid',
  'closed',
] as const;
export type GrantState = (typeof GRANT_STATES)[number];

export class GrantApplication extends Model<
  InferAttributes<GrantApplication>,
  InferCreationAttributes<GrantApplication>
> {
  declare id: CreationOptional<number>;
  declare workerId: number;
  declare caseId: number;
  declare agencyId: number;
  declare programmeCode: string;
  declare beneficiaryGroup: string;
  declare provinceCode: string;
  declare communeCode: string | null;
  declare state: CreationOptional<GrantState>;
  declare version: CreationOptional<number>;
  declare whoseMove: CreationOptional<string>;
  declare nextDeadlineOn: string | null;
  declare nextDeadlineRule: string | null;
  declare fiscalYear: number | null;
  declare fundingSource: 'central' | 'local' | null;
  declare claimedVnd: CreationOptional<string>;
  declare allowedVnd: CreationOptional<string>;
  declare approvedVnd: string | null;
  declare eligibility: CreationOptional<unknown[]>;
  declare createdByUserId: number;
  declare submittedByUserId: number | null;
  declare submittedOn: string | null;
  declare certifiedByUserId: number | null;
  declare certifiedOn: string | null;
  declare decidedByUserId: number | null;
  declare decidedOn: string | null;
  declare returnReason: string | null;
  declare rejectReason: string | null;
  declare decisionId: CreationOptional<number | null>;
  declare paidVnd: CreationOptional<string | null>;
  declare paidOn: CreationOptional<string | null>;
  declare paymentMethod: CreationOptional<'cash' | 'bank_transfer' | null>;
  declare paymentReference: CreationOptional<string | null>;
  declare ledgerEntryId: CreationOptional<number | null>;
  declare paidByUserId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initGrantModels(sequelize: Sequelize): void {
  GrantApplication.init(
    {
      id: bigintColumn('id', { autoIncrement: true, primaryKey: true }),
      workerId: { ...bigintColumn('workerId'), allowNull: false },
      caseId: { ...bigintColumn('caseId'), allowNull: false },
      agencyId: { ...bigintColumn('agencyId'), allowNull: false },
      programmeCode: { type: DataTypes.TEXT, allowNull: false },
      beneficiaryGroup: { type: DataTypes.TEXT, allowNull: false },
      provinceCode: { type: DataTypes.STRING(2), allowNull: false },
      communeCode: DataTypes.STRING(5),
      state: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'draft' },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      whoseMove: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'worker' },
      nextDeadlineOn: DataTypes.DATEONLY,
      nextDeadlineRule: DataTypes.TEXT,
      fiscalYear: DataTypes.INTEGER,
      fundingSource: DataTypes.TEXT,
      claimedVnd: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      allowedVnd: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      approvedVnd: DataTypes.BIGINT,
      eligibility: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      createdByUserId: { ...bigintColumn('createdByUserId'), allowNull: false },
      submittedByUserId: bigintColumn('submittedByUserId'),
      submittedOn: DataTypes.DATEONLY,
      certifiedByUserId: bigintColumn('certifiedByUserId'),
      certifiedOn: DataTypes.DATEONLY,
      decidedByUserId: bigintColumn('decidedByUserId'),
      decidedOn: DataTypes.DATEONLY,
      returnReason: DataTypes.TEXT,
      rejectReason: DataTypes.TEXT,
      decisionId: bigintColumn('decisionId'),
      paidVnd: DataTypes.BIGINT,
      paidOn: DataTypes.DATEONLY,
      paymentMethod: DataTypes.TEXT,
      paymentReference: DataTypes.TEXT,
      ledgerEntryId: bigintColumn('ledgerEntryId'),
      paidByUserId: bigintColumn('paidByUserId'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'grant_applications', underscored: true },
  );
}
