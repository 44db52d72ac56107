// imagetracerjs ships no types; only the call the wall tracer makes is declared.
declare module 'imagetracerjs' {
  interface TraceSegment {
    type: 'L' | 'Q';
    x1: number;
    y1: number;
    x2: number;
    y2: number;
    x3?: number;
    y3?: number;
  }
  interface TracePath {
    segments: TraceSegment[];
    isholepath: boolean;
  }
  interface TraceData {
    layers: TracePath[][];
    palette: Array<{ r: number; g: number; b: number; a: number }>;
    width: number;
    height: number;
  }
  const ImageTracer: {
    imagedataToTracedata(imgd: { width: number; height: number; data: Uint8ClampedArray }, options: Record<string, unknown>): TraceData;
  };
  export default ImageTracer;
}
