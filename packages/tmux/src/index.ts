export * from './driver';
export * from './detectors';
