import { bigintColumn } from '../../db/columns';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Role } from '../../shared/auth/permissions';

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare username: string;
  declare passwordHash: string;
  declare displayName: string;
  declare role: Role;
  declare agencyId: number | null;
  declare branchId: number | null;
  declare communeCode: string | null;
  declare provinceCode: string | null;
  declare workerId: number | null;
  declare tokenVersion: CreationOptional<number>;
  declare active: CreationOptional<boolean>;
  /** where the daily alert digest goes (issue 20); null: none */
  declare email: CreationOptional<string | null>;
  declare digestOptOut: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initUserModels(sequelize: Sequelize): void {
  User.init(
    {
      id: { ...bigintColumn('id'), autoIncrement: true, primaryKey: true },
      username: { type: DataTypes.TEXT, allowNull: false },
      passwordHash: { type: DataTypes.TEXT, allowNull: false },
      displayName: { type: DataTypes.TEXT, allowNull: false },
      role: { type: DataTypes.TEXT, allowNull: false },
      agencyId: bigintColumn('agencyId'),
      branchId: bigintColumn('branchId'),
      communeCode: DataTypes.STRING(5),
      provinceCode: DataTypes.STRING(2),
      workerId: bigintColumn('workerId'),
      tokenVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      email: DataTypes.TEXT,
      digestOptOut: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'users', underscored: true },
  );
}
