import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { HolidayKind } from '../../shared/working-days';

export const REGIONS = [
  'east_asia',
  'southeast_asia',
  'middle_east',
  'europe',
  'americas',
  'oceania',
  'africa',
] as const;
export type Region = (typeof REGIONS)[number];

export class Province extends Model<InferAttributes<Province>, InferCreationAttributes<Province>> {
  declare code: string;
  declare name: string;
  declare kind: 'tinh' | 'thanh_pho';
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Commune extends Model<InferAttributes<Commune>, InferCreationAttributes<Commune>> {
  declare code: string;
  declare provinceCode: string;
  declare name: string;
  declare kind: 'xa' | 'phuong' | 'dac_khu';
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Country extends Model<InferAttributes<Country>, InferCreationAttributes<Country>> {
  declare code: string;
  declare nameVi: string;
  declare nameEn: string;
  declare region: Region;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Holiday extends Model<InferAttributes<Holiday>, InferCreationAttributes<Holiday>> {
  declare date: string;
  declare name: string;
  declare kind: HolidayKind;
  declare note: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CccdPrefix extends Model<InferAttributes<CccdPrefix>, InferCreationAttributes<CccdPrefix>> {
  declare code: string;
  declare name: string;
  declare kind: 'province' | 'abroad';
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const timestamps = { createdAt: DataTypes.DATE, updatedAt: DataTypes.DATE };

export function initReferenceModels(sequelize: Sequelize): void {
  Province.init(
    {
      code: { type: DataTypes.STRING(2), primaryKey: true },
      name: { type: DataTypes.TEXT, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      ...timestamps,
    },
    { sequelize, tableName: 'provinces', underscored: true },
  );
  Commune.init(
    {
      code: { type: DataTypes.STRING(5), primaryKey: true },
      provinceCode: { type: DataTypes.STRING(2), allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      ...timestamps,
    },
    { sequelize, tableName: 'communes', underscored: true },
  );
  Country.init(
    {
      code: { type: DataTypes.STRING(2), primaryKey: true },
      nameVi: { type: DataTypes.TEXT, allowNull: false },
      nameEn: { type: DataTypes.TEXT, allowNull: false },
      region: { type: DataTypes.TEXT, allowNull: false },
      ...timestamps,
    },
    { sequelize, tableName: 'countries', underscored: true },
  );
  Holiday.init(
    {
      date: { type: DataTypes.DATEONLY, primaryKey: true },
      name: { type: DataTypes.TEXT, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      note: { type: DataTypes.TEXT, allowNull: true },
      ...timestamps,
    },
    { sequelize, tableName: 'holidays', underscored: true },
  );
  CccdPrefix.init(
    {
      code: { type: DataTypes.STRING(3), primaryKey: true },
      name: { type: DataTypes.TEXT, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      ...timestamps,
    },
    { sequelize, tableName: 'cccd_prefixes', underscored: true },
  );
}
