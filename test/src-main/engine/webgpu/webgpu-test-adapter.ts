// Finds a WebGPU adapter for the webgpu engine's tests: a real GPU when there is one, else SwiftShader's Vulkan
// driver from Debian's chromium (a CPU emulation: right for correctness, meaningless for speed). Tests skip with
// the reason when neither is there.
import { existsSync } from 'node:fs';
import { describeNodeGpuAdapter } from '../../../../src-main/engine/webgpu/node-gpu-device.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

// The Vulkan loader reads this when the first adapter is requested, so it must be set before any test asks.
if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) {
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}

export const testAdapter = await describeNodeGpuAdapter();
export const noAdapter = !testAdapter.present;
if (noAdapter) console.warn(`webgpu engine tests skipped: ${testAdapter.reason}`);
