import { bigintColumn } from '../../db/columns';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export const COURSE_KINDS = ['orientation', 'language', 'vocational'] as const;

export class Course extends Model<InferAttributes<Course>, InferCreationAttributes<Course>> {
  declare id: CreationOptional<number>;
  declare agencyId: number;
  declare kind: (typeof COURSE_KINDS)[number];
  declare name: string;
  declare provider: string;
  declare market: string | null;
  declare jobCategory: string | null;
  declare periods: number;
  declare startsOn: string;
  declare endsOn: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Enrolment extends Model<InferAttributes<Enrolment>, InferCreationAttributes<Enrolment>> {
  declare id: CreationOptional<number>;
  declare courseId: number;
  declare workerId: number;
  declare caseId: number | null;
  declare result: CreationOptional<'enrolled' | 'passed' | 'failed' | 'dropped'>;
  declare certificateNumber: string | null;
  declare certificateDate: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initTrainingModels(sequelize: Sequelize): void {
  Course.init(
    {
      id: bigintColumn('id', { autoIncrement: true, primaryKey: true }),
      agencyId: { ...bigintColumn('agencyId'), allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      provider: { type: DataTypes.TEXT, allowNull: false },
      market: DataTypes.STRING(2),
      jobCategory: DataTypes.TEXT,
      periods: { type: DataTypes.INTEGER, allowNull: false },
      startsOn: { type: DataTypes.DATEONLY, allowNull: false },
      endsOn: { type: DataTypes.DATEONLY, allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'courses', underscored: true },
  );
  Enrolment.init(
    {
      id: bigintColumn('id', { autoIncrement: true, primaryKey: true }),
      courseId: { ...bigintColumn('courseId'), allowNull: false },
      workerId: { ...bigintColumn('workerId'), allowNull: false },
      caseId: bigintColumn('caseId'),
      result: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'enrolled' },
      certificateNumber: DataTypes.TEXT,
      certificateDate: DataTypes.DATEONLY,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'enrolments', underscored: true },
  );
}
