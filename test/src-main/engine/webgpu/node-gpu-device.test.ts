// The GPU probe in Node: asked once per process, in a child process, so the warnings that Dawn and the Vulkan drivers
// print straight to stderr (on this box: "XDG_RUNTIME_DIR is invalid", "Vulkan shaderUniform*ArrayDynamicIndexing
// required" from the software Vulkan driver) never reach a user who did not ask for the GPU.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeNodeGpuAdapter } from '../../../../src-main/engine/webgpu/node-gpu-device.ts';
import { testAdapter } from './webgpu-test-adapter.ts';

const LAUNCHER = fileURLToPath(new URL('../../../../bin/pathreg.mjs', import.meta.url));
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

function engines(env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [LAUNCHER, 'engines'], { encoding: 'utf8', env, timeout: 60_000 });
  const list = JSON.parse(result.stdout) as Array<{ name: string; available: boolean; reason: string; adapter?: { software: boolean } }>;
  return { stderr: result.stderr, status: result.status, webgpu: list.find((engine) => engine.name === 'webgpu')! };
}

describe('the GPU probe in Node', () => {
  it('is asked once per process: every caller gets the same answer', async () => {
    const first = describeNodeGpuAdapter();
    expect(describeNodeGpuAdapter()).toBe(first);
    expect(await first).toEqual(testAdapter);
  });

  it('pathreg engines prints nothing on stderr, with no Vulkan driver found and with a software one', () => {
    const withoutDriver: NodeJS.ProcessEnv = { ...process.env, VK_ICD_FILENAMES: '/nonexistent/icd.json' };
    delete withoutDriver.VK_DRIVER_FILES;
    const none = engines(withoutDriver);
    expect(none.status).toBe(0);
    expect(none.stderr).toBe('');
    expect(none.webgpu.available).toBe(false);
    expect(none.webgpu.reason).toMatch(/No GPU adapter was found/);
  });

  it.skipIf(!existsSync(SWIFTSHADER_ICD))('pathreg engines names the software adapter quietly when SwiftShader is there', () => {
    const swiftshader = engines({ ...process.env, VK_ICD_FILENAMES: SWIFTSHADER_ICD });
    expect(swiftshader.status).toBe(0);
    expect(swiftshader.stderr).toBe('');
    expect(swiftshader.webgpu.available).toBe(true);
    expect(swiftshader.webgpu.adapter?.software).toBe(true);
    expect(swiftshader.webgpu.reason).toMatch(/SwiftShader.*CPU emulation/);
  });
});
