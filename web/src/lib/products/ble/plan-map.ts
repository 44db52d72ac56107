import 'leaflet/dist/leaflet.css';
import './plan-map.css';
import type * as Leaflet from 'leaflet';
import type { Plan, Point, Receiver, Zone } from './api.ts';

/**
 * Leaflet on a floor plan, shared by the editor, the live map and the history: a flat CRS in metres with
 * y growing downwards (plan metres map to the map's units one to one), the plan image under everything.
 */

// brief: the plan editor's colours.
export const PLAN_COLOURS = { background: '#E5F2E5', wall: '#D4CFC4', wallEdge: '#8C8577', highlight: '#FF9800' };

const ZONE_LABEL_PANE = 'ble-zone-labels';

export const latLng = ([x, y]: Point): Leaflet.LatLngTuple => [y, x];

export function createPlanMap(L: typeof Leaflet, container: HTMLElement, size: { width: number; height: number }, imageUrl: string): { map: Leaflet.Map; overlay: Leaflet.ImageOverlay } {
  const crs = L.extend({}, L.CRS.Simple, { transformation: new L.Transformation(1, 0, 1, 0) });
  const map = L.map(container, { crs, minZoom: -6, maxZoom: 7, zoomSnap: 0.25, attributionControl: false, keyboard: true });
  const bounds: Leaflet.LatLngBoundsExpression = [[0, 0], [size.height, size.width]];
  // Zone labels sit under receivers and tags (Leaflet's tooltips would cover them): its own pane between.
  map.createPane(ZONE_LABEL_PANE).style.zIndex = '550';
  map.getPane(ZONE_LABEL_PANE)!.style.pointerEvents = 'none';
  const overlay = L.imageOverlay(imageUrl, bounds, { pmIgnore: true } as Leaflet.ImageOverlayOptions).addTo(map);
  L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
  map.fitBounds(bounds);
  return { map, overlay };
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A receiver's icon: the logo in a square, turned by its rotation; grey when offline. */
export function receiverIcon(L: typeof Leaflet, r: Pick<Receiver, 'device_id' | 'rotation_deg' | 'online'>, selected = false): Leaflet.DivIcon {
  const classes = ['ble-receiver', selected ? 'ble-receiver-selected' : '', r.online ? '' : 'ble-receiver-offline'].filter(Boolean).join(' ');
  return L.divIcon({
    className: 'ble-receiver-icon',
    html: `<div class="${classes}" style="transform: rotate(${r.rotation_deg}deg)" data-device="${r.device_id}" data-rotation="${r.rotation_deg}" data-online="${r.online}"><img src="/logo.svg" alt="" /></div>`,
    iconSize: [32, 32],
    iconAnchor: [16, 16],
  });
}

/** Zones as read-only coloured polygons, labelled by `label`, into `group`. */
export function drawZones(L: typeof Leaflet, group: Leaflet.LayerGroup, zones: readonly Zone[], label: (z: Zone) => string, fillOpacity = 0.2): void {
  for (const z of zones) {
    L.polygon(z.polygon.map((p) => latLng(p as Point)), { color: z.colour, weight: 2, fillColor: z.colour, fillOpacity, interactive: false })
      .bindTooltip(label(z), { permanent: true, direction: 'center', className: 'ble-zone-label', pane: ZONE_LABEL_PANE })
      .addTo(group);
  }
}

/** Walls as read-only polylines into `group`. */
export function drawWalls(L: typeof Leaflet, group: Leaflet.LayerGroup, plan: Plan): void {
  for (const w of plan.walls) L.polyline(w.map((p) => latLng(p as Point)), { color: PLAN_COLOURS.wall, weight: 4, opacity: 1, className: 'ble-wall', interactive: false }).addTo(group);
}
