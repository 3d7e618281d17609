/// <reference types="@webgpu/types" />
/**
 * WebGPU in Node (CLI, Electron main or utility process) through Dawn's binding, the `webgpu` npm package. It loads
 * lazily (a machine without the prebuilt dawn.node still runs every CPU engine) and sets no globals: the engine uses
 * numeric usage flags, so nothing from `globals` has to land on globalThis.
 */
import { adapterFacts, describeAdapterFacts, NO_ADAPTER_REASON, requestAdapter, requestEngineDevice, type GpuAdapterDescription, type GpuDeviceHandle } from './gpu-device.ts';

let gpuEntry: Promise<GPU> | null = null;

/** Dawn's GPU object, created once per process. */
export function nodeGpu(): Promise<GPU> {
  gpuEntry ??= (async () => {
    const dawn = (await import('webgpu')) as { create(options: string[]): GPU };
    return dawn.create([]);
  })();
  return gpuEntry;
}

async function nodeAdapter(): Promise<GPUAdapter | null> {
  return requestAdapter(await nodeGpu());
}

export async function describeNodeGpuAdapter(): Promise<GpuAdapterDescription> {
  let adapter: GPUAdapter | null;
  try {
    adapter = await nodeAdapter();
  } catch (error) {
    return { present: false, software: false, description: '', reason: `WebGPU for Node (the webgpu package's dawn.node) could not load: ${(error as Error).message}` };
  }
  if (!adapter) return { present: false, software: false, description: '', reason: NO_ADAPTER_REASON };
  return describeAdapterFacts(adapterFacts(adapter));
}

/** A fresh device for one engine; release() destroys it. */
export async function acquireNodeGpuDevice(): Promise<GpuDeviceHandle> {
  const adapter = await nodeAdapter();
  if (!adapter) throw new Error(NO_ADAPTER_REASON);
  const device = await requestEngineDevice(adapter, 'pathreg webgpu engine');
  return { device, adapter: adapterFacts(adapter), release: () => device.destroy() };
}
