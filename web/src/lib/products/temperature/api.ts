import { request } from '$lib/api/http.ts';
import type { components } from '$lib/api/schema.d.ts';
import type { PeriodName } from '$lib/period.ts';

/** Temperature Monitoring (/client/temperature/*). */

type Schemas = components['schemas'];

export type Sensor = Schemas['TemperatureSensor'];
export type SensorState = Sensor['state'];
export type TemperatureSeries = Schemas['TemperatureSeries'];
export type SeriesPoint = TemperatureSeries['points'][number];
export type Granularity = TemperatureSeries['granularity'];
export type Threshold = Schemas['TemperatureThreshold'];

/** A sensor is named by its receiver and its id there. */
export interface SensorRef {
  device_id: number;
  sensor: string;
}

export const getSensors = () => request<{ sensors: Sensor[] }>('GET', '/client/temperature/sensors');

export const getSeries = (ref: SensorRef, period: PeriodName, granularity: Granularity) =>
  request<TemperatureSeries>('GET', '/client/temperature/series', { query: { ...ref, period, granularity } });

const thresholdPath = (ref: SensorRef) => `/client/temperature/thresholds/${ref.device_id}/${encodeURIComponent(ref.sensor)}`;

/** PUT (owner, admin, operator): too cold below min, too hot above max; null = no alert that way. */
export const putThreshold = (ref: SensorRef, t: Threshold) => request<SensorRef & Threshold>('PUT', thresholdPath(ref), { body: t });

export const deleteThreshold = (ref: SensorRef) => request<void>('DELETE', thresholdPath(ref));
