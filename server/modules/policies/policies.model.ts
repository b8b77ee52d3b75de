import { bigintColumn } from '../../db/columns';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export const POLICY_UNITS = [
  'months_per_12_months',
  'months_salary',
  'vnd',
  'months',
  'periods',
  'airfare',
  'days',
  'working_days',
  'years',
  'count',
  // support grants (issue 18): a rate per course, day or month, once, actual cost up to a cap, the statutory fee
  'vnd_per_course',
  'vnd_per_day',
  'vnd_per_month',
  'vnd_once',
  'vnd_actual_cap',
  'vnd_statutory',
  // deadline alerts (issue 20): a threshold in percent
  'percent',
] as const;

export class PolicyValue extends Model<InferAttributes<PolicyValue>, InferCreationAttributes<PolicyValue>> {
  declare id: CreationOptional<number>;
  declare key: string;
  declare market: string | null;
  declare jobCategory: string | null;
  declare beneficiaryGroup: string | null;
  /** NUMERIC as an exact decimal string */
  declare value: string;
  declare unit: (typeof POLICY_UNITS)[number];
  declare effectiveFrom: string;
  declare effectiveTo: string | null;
  declare citation: string;
  declare confirmed: boolean;
  declare note: string | null;
  declare reason: string | null;
  declare supersedesId: number | null;
  declare withdrawnAt: Date | null;
  declare createdByUserId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPolicyModels(sequelize: Sequelize): void {
  PolicyValue.init(
    {
      id: { ...bigintColumn('id'), autoIncrement: true, primaryKey: true },
      key: { type: DataTypes.TEXT, allowNull: false },
      market: DataTypes.TEXT,
      jobCategory: DataTypes.TEXT,
      beneficiaryGroup: DataTypes.TEXT,
      value: { type: DataTypes.DECIMAL(20, 6), allowNull: false },
      unit: { type: DataTypes.TEXT, allowNull: false },
      effectiveFrom: { type: DataTypes.DATEONLY, allowNull: false },
      effectiveTo: DataTypes.DATEONLY,
      citation: { type: DataTypes.TEXT, allowNull: false },
      confirmed: { type: DataTypes.BOOLEAN, allowNull: false },
      note: DataTypes.TEXT,
      reason: DataTypes.TEXT,
      supersedesId: bigintColumn('supersedesId'),
      withdrawnAt: DataTypes.DATE,
      createdByUserId: bigintColumn('createdByUserId'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'policy_values', underscored: true },
  );
}
