/// <reference types="@webgpu/types" />
/**
 * Getting a WebGPU device and saying what it is, from any GPU entry point: navigator.gpu in the browser shell and
 * Electron's renderer, or Dawn's Node binding (node-gpu-device.ts). No Node imports: the renderer bundles this file.
 */

/** What the engine and the engine registry need to know about the adapter behind a device. */
export interface GpuAdapterFacts {
  /** The driver's own words, e.g. "NVIDIA GeForce RTX 4090" or "SwiftShader driver 5.0.0". */
  description: string;
  vendor: string;
  architecture: string;
  /** A CPU emulation (SwiftShader, a fallback adapter): correct, but slower than the CPU engines. */
  software: boolean;
}

export interface GpuDeviceHandle {
  device: GPUDevice;
  adapter: GpuAdapterFacts;
  /** Gives the device back (destroys it when the engine owns it; a no-op for a device someone else shares). */
  release(): void;
}

export interface GpuAdapterDescription {
  present: boolean;
  software: boolean;
  description: string;
  reason: string;
}

/** Limits the engine asks for at their adapter maximum (the defaults are too small for real problems). */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
] as const;

/** The fields of GPUAdapterInfo the facts come from, as plain data (a probe in another process sends them as JSON). */
export interface AdapterInfoFields {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The adapter says it is a fallback (software) adapter. */
  fallback: boolean;
}

export function adapterInfoFields(adapter: GPUAdapter): AdapterInfoFields {
  const info = adapter.info;
  // isFallbackAdapter moved from the adapter to its info.
  const fallback =
    (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    fallback,
  };
}

export function factsFromInfo(info: AdapterInfoFields): GpuAdapterFacts {
  const vendor = info.vendor || 'unknown vendor';
  const architecture = info.architecture || '';
  const description =
    info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' ') || 'an unnamed GPU adapter';
  // SwiftShader and friends are also recognised by name: not every driver sets the fallback flag.
  const software =
    info.fallback ||
    /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i.test(`${vendor} ${architecture} ${description} ${info.device}`);
  return { description, vendor, architecture, software };
}

export function adapterFacts(adapter: GPUAdapter): GpuAdapterFacts {
  return factsFromInfo(adapterInfoFields(adapter));
}

/** Asks `gpu` for its high-performance adapter; null when there is none. */
export async function requestAdapter(gpu: GPU): Promise<GPUAdapter | null> {
  return gpu.requestAdapter({ powerPreference: 'high-performance' });
}

/** A device on `adapter` with the engine's limits raised to the adapter's maximum. */
export async function requestEngineDevice(adapter: GPUAdapter, label: string): Promise<GPUDevice> {
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) {
    const value = adapter.limits[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  // Timestamp queries let profileWebGpuIteration time each kernel; training never needs them.
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  return adapter.requestDevice({ label, requiredLimits, requiredFeatures });
}

export const NO_ADAPTER_REASON =
  'No GPU adapter was found (no GPU, or its driver offers no WebGPU/Vulkan/Metal/Direct3D 12 access); the CPU engines train instead.';

export function describeAdapterFacts(facts: GpuAdapterFacts): GpuAdapterDescription {
  const reason = facts.software
    ? `GPU adapter "${facts.description}" is a CPU emulation of a GPU: the webgpu engine runs on it correctly but more slowly than the CPU engines (wasm, native).`
    : `GPU adapter "${facts.description}" (${facts.vendor}${facts.architecture ? `, ${facts.architecture}` : ''}) can run the webgpu engine.`;
  return { present: true, software: facts.software, description: facts.description, reason };
}

/** What the renderer's (or a browser's) navigator.gpu offers, in the registry's words. */
export async function describeBrowserGpuAdapter(): Promise<GpuAdapterDescription> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu)
    return {
      present: false,
      software: false,
      description: '',
      reason: 'This browser offers no WebGPU (navigator.gpu is missing); the CPU engines train instead.',
    };
  const adapter = await requestAdapter(gpu);
  if (!adapter) return { present: false, software: false, description: '', reason: NO_ADAPTER_REASON };
  return describeAdapterFacts(adapterFacts(adapter));
}

/** A device from navigator.gpu, owned by the caller (release destroys it). */
export async function acquireBrowserGpuDevice(): Promise<GpuDeviceHandle> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) throw new Error('This browser offers no WebGPU (navigator.gpu is missing); choose a CPU engine.');
  const adapter = await requestAdapter(gpu);
  if (!adapter) throw new Error(NO_ADAPTER_REASON);
  const device = await requestEngineDevice(adapter, 'pathreg webgpu engine');
  return { device, adapter: adapterFacts(adapter), release: () => device.destroy() };
}
