import { temperature as temperatureProduct } from '../../core/products/temperature.ts';
import { escapeTsv } from '../tsv.ts';
import { Rejection } from '../validate.ts';
import type { ProductIngest, TimedEvent } from './product.ts';

/** One reading of a sensor wired to a scanner: `{sensor, celsius, humidity?, ts}`. */
export interface TemperatureEvent extends TimedEvent {
  sensor: string;
  celsius: number;
  humidity?: number;
}

// The range of common digital sensors (DS18B20: −55…125 °C) with a margin below; beyond it a reading is a fault.
const CELSIUS_MIN = -60;
const CELSIUS_MAX = 125;
const SENSOR_MAX_LENGTH = 32;

const isNumberIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

export const temperature: ProductIngest<TemperatureEvent, 'temperature'> = {
  name: 'temperature',
  table: temperatureProduct.eventTable,
  columns: ['sensor', 'celsius', 'humidity'],
  validate(event) {
    const { sensor, celsius, humidity } = event;
    if (typeof sensor !== 'string' || sensor.length === 0 || sensor.length > SENSOR_MAX_LENGTH) {
      return new Rejection('invalid_sensor', 'sensor', sensor);
    }
    if (!isNumberIn(celsius, CELSIUS_MIN, CELSIUS_MAX)) return new Rejection('invalid_celsius', 'celsius', celsius);
    if (humidity !== undefined && humidity !== null && !isNumberIn(humidity, 0, 100)) {
      return new Rejection('invalid_humidity', 'humidity', humidity);
    }
    return null;
  },
  // \N is TabSeparated's NULL: a reading without humidity.
  encode: (e) => `${escapeTsv(e.sensor)}\t${e.celsius}\t${e.humidity ?? '\\N'}`,
};
