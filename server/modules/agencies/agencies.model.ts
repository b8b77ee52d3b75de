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

export const AGENCY_KINDS = ['service_enterprise', 'public_unit', 'other_sender', 'employment_centre'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_STATUSES = ['active', 'suspended', 'revoked'] as const;
export type AgencyStatus = (typeof AGENCY_STATUSES)[number];

export class Agency extends Model<InferAttributes<Agency>, InferCreationAttributes<Agency>> {
  declare id: CreationOptional<number>;
  declare kind: AgencyKind;
  declare name: string;
  declare licenceNumber: string | null;
  declare licenceIssuedOn: string | null;
  declare licenceExpiresOn: string | null;
  declare taxCode: string | null;
  declare address: string | null;
  declare provinceCode: string | null;
  declare status: CreationOptional<AgencyStatus>;
  declare depositConfirmed: CreationOptional<boolean>;
  declare depositBank: string | null;
  declare depositConfirmedOn: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare branches?: NonAttribute<AgencyBranch[]>;
}

export class AgencyBranch extends Model<InferAttributes<AgencyBranch>, InferCreationAttributes<AgencyBranch>> {
  declare id: CreationOptional<number>;
  declare agencyId: number;
  declare name: string;
  declare address: string | null;
  declare provinceCode: string | null;
  declare status: CreationOptional<'active' | 'closed'>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const bigintId = bigintColumn('id', { autoIncrement: true, primaryKey: true });

export function initAgencyModels(sequelize: Sequelize): void {
  Agency.init(
    {
      id: bigintId,
      kind: { type: DataTypes.TEXT, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      licenceNumber: DataTypes.TEXT,
      licenceIssuedOn: DataTypes.DATEONLY,
      licenceExpiresOn: DataTypes.DATEONLY,
      taxCode: DataTypes.TEXT,
      address: DataTypes.TEXT,
      provinceCode: DataTypes.STRING(2),
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'active' },
      depositConfirmed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      depositBank: DataTypes.TEXT,
      depositConfirmedOn: DataTypes.DATEONLY,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'agencies', underscored: true },
  );
  AgencyBranch.init(
    {
      id: bigintId,
      agencyId: { ...bigintColumn('agencyId'), allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      address: DataTypes.TEXT,
      provinceCode: DataTypes.STRING(2),
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'active' },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'agency_branches', underscored: true },
  );
  Agency.hasMany(AgencyBranch, { foreignKey: 'agencyId', as: 'branches' });
}
