/** English strings of the BLE Tracking section, spread into the shared dictionary by products/messages.ts. */
export const bleEn = {
  'ble.title': 'BLE Tracking',
  'ble.about': 'Tags on floor plans: people and assets by zone, a live map and movement history.',
};
