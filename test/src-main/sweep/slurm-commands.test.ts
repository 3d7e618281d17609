import { describe, expect, it } from 'vitest';
import {
  compressArrayIndices,
  describeSlurmEnd,
  expandArrayIndices,
  parseMaxArraySize,
  parseSacct,
  parseSbatchJobId,
  parseScontrolJobs,
  parseSqueue,
} from '../../../src-main/sweep/slurm-commands.ts';
import { arrayScript, chunkTasks, sbatchArguments } from '../../../src-main/sweep/slurm-executor.ts';

// Output captured from Slurm 22.05.8 (../shared/slurm), an array 0-3,7%2 whose task 2 exits 3, accounting off.
const SQUEUE_PENDING = '1_[0-3,7%2]|PENDING|None\n';
const SQUEUE_LATER = '1_3|COMPLETED|None\n1_1|COMPLETED|None\n1_0|COMPLETED|None\n1_2|FAILED|NonZeroExitCode\n1_7|RUNNING|None\n';
const SCONTROL =
  'JobId=1 ArrayJobId=1 ArrayTaskId=7 ArrayTaskThrottle=2 JobName=j.sh JobState=RUNNING Reason=None Dependency=(null) ExitCode=0:0 RunTime=00:00:01\n' +
  'JobId=4 ArrayJobId=1 ArrayTaskId=2 JobName=j.sh JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0\n' +
  'JobId=9 ArrayJobId=8 ArrayTaskId=4-6%2 JobName=j.sh JobState=PENDING Reason=JobArrayTaskLimit ExitCode=0:0\n';

describe('Slurm output parsers', () => {
  it('reads sbatch --parsable with and without a cluster', () => {
    expect(parseSbatchJobId('1234\n')).toBe('1234');
    expect(parseSbatchJobId('1234;ci\n')).toBe('1234');
    expect(() => parseSbatchJobId('sbatch: error: Batch job submission failed')).toThrow(/not a job id/);
  });

  it('expands and compresses array indices', () => {
    expect(expandArrayIndices('0-3,7%2')).toEqual([0, 1, 2, 3, 7]);
    expect(compressArrayIndices([7, 0, 1, 2, 3, 9, 10])).toBe('0-3,7,9-10');
  });

  it('unfolds pending arrays in squeue and reads ended tasks', () => {
    expect(parseSqueue(SQUEUE_PENDING).map((s) => s.id)).toEqual(['1_0', '1_1', '1_2', '1_3', '1_7']);
    const later = parseSqueue(SQUEUE_LATER);
    expect(later.find((s) => s.id === '1_2')).toEqual({ id: '1_2', state: 'FAILED', reason: 'NonZeroExitCode', exitCode: null });
  });

  it('reads exit statuses from scontrol show job -o and sacct -P', () => {
    const states = parseScontrolJobs(SCONTROL);
    expect(states.find((s) => s.id === '1_2')).toEqual({ id: '1_2', state: 'FAILED', reason: 'NonZeroExitCode', exitCode: 3 });
    expect(states.find((s) => s.id === '1_7')?.exitCode).toBeNull();
    expect(states.filter((s) => s.id.startsWith('8_')).map((s) => s.id)).toEqual(['8_4', '8_5', '8_6']);
    expect(parseSacct('5_0|COMPLETED|0:0\n5_1|TIMEOUT|0:15\n5_2|CANCELLED by 0|0:15\n')).toEqual([
      { id: '5_0', state: 'COMPLETED', reason: null, exitCode: 0 },
      { id: '5_1', state: 'TIMEOUT', reason: null, exitCode: 0 },
      { id: '5_2', state: 'CANCELLED', reason: null, exitCode: 0 },
    ]);
    expect(describeSlurmEnd({ id: '5_1', state: 'TIMEOUT', reason: null, exitCode: 0 })).toMatch(/5_1 reached its time limit/);
  });

  it('reads MaxArraySize, 1001 when the site does not say', () => {
    expect(parseMaxArraySize('MaxArraySize            = 1001\nMaxJobCount = 10000')).toBe(1001);
    expect(parseMaxArraySize('MaxArraySize = 40001')).toBe(40001);
    expect(parseMaxArraySize('')).toBe(1001);
  });
});

describe('Slurm submission', () => {
  it('chunks tasks so every array index stays below MaxArraySize', () => {
    const tasks = Array.from({ length: 2500 }, (_, i) => i).filter((i) => i !== 5);
    const chunks = chunkTasks(tasks, 1001);
    expect(chunks.map((c) => c.offset)).toEqual([0, 1001, 2002]);
    for (const chunk of chunks) expect(Math.max(...chunk.indices)).toBeLessThan(1001);
    expect(chunks.flatMap((c) => c.indices.map((i) => i + c.offset))).toEqual(tasks);
    expect(compressArrayIndices(chunks[0].indices)).toBe('0-4,6-1000');
    // A resume with scattered tasks: 3, 1500 and 1501 fit two arrays.
    expect(chunkTasks([1501, 3, 1500], 1001)).toEqual([
      { offset: 3, indices: [0] },
      { offset: 1500, indices: [0, 1] },
    ]);
  });

  it('passes time, account, partition, throttle and extra options to sbatch, the script last', () => {
    const args = sbatchArguments(
      { time: '01:00:00', account: 'lab', partition: 'short', extra: ['--mem=4G', '--qos=low'], throttle: 10 },
      '0-99',
      '/scratch/sweep',
      '/home/me',
      '/scratch/sweep/slurm/array-0.sh',
    );
    expect(args).toEqual([
      '--parsable',
      '--array=0-99%10',
      '--job-name=pathreg-sweep',
      '--chdir=/home/me',
      '--output=/scratch/sweep/logs/slurm-%A_%a.out',
      '--time=01:00:00',
      '--account=lab',
      '--partition=short',
      '--mem=4G',
      '--qos=low',
      '/scratch/sweep/slurm/array-0.sh',
    ]);
  });

  it("writes a job script that quotes every path and adds the chunk's offset", () => {
    const script = arrayScript({ node: "/opt/node's/bin/node", pathreg: '/app/bin/pathreg.mjs' }, '/scratch/my sweep', 1001);
    expect(script).toContain('task=$((1001 + SLURM_ARRAY_TASK_ID))');
    // The desktop app's "node" is Electron's binary: the script must ask it to act as Node.
    expect(script).toContain('export ELECTRON_RUN_AS_NODE=1');
    expect(script).toContain(`exec '/opt/node'\\''s/bin/node' '/app/bin/pathreg.mjs' sweep-task '/scratch/my sweep' "$task"`);
  });
});
