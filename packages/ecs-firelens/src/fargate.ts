import { ValidationError, isUnresolved } from '@icelog/core';

const range = (min: number, max: number, step: number): number[] =>
  Array.from({ length: (max - min) / step + 1 }, (_, i) => min + i * step);

/**
 * The task-level CPU (units) and memory (MiB) combinations Fargate accepts for Linux tasks
 * (AWS Fargate task size table): 0.25 vCPU takes 0.5, 1 or 2 GiB; the larger sizes take a range.
 */
export const FARGATE_CPU_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** How the allowed memory values for a CPU size read in an error message. */
const DESCRIPTIONS: Readonly<Record<number, string>> = {
  256: '512, 1024 or 2048 MiB',
  512: '1024–4096 MiB in steps of 1024',
  1024: '2048–8192 MiB in steps of 1024',
  2048: '4096–16384 MiB in steps of 1024',
  4096: '8192–30720 MiB in steps of 1024',
  8192: '16384–61440 MiB in steps of 4096',
  16384: '32768–122880 MiB in steps of 8192',
};

/** Throws unless `cpu`/`memory` is a task size Fargate accepts. */
export function validateFargateTaskSize(field: string, cpu: number, memory: number): void {
  if (isUnresolved(cpu) || isUnresolved(memory)) return;
  const cpus = Object.keys(FARGATE_CPU_MEMORY).map(Number);
  if (!cpus.includes(cpu)) {
    throw new ValidationError(`${field}.cpu`, cpu, `must be one of ${cpus.join(', ')} (Fargate CPU units)`);
  }
  if (!FARGATE_CPU_MEMORY[cpu].includes(memory)) {
    throw new ValidationError(
      `${field}.memory`,
      memory,
      `must be a memory size Fargate accepts with cpu ${cpu}: ${DESCRIPTIONS[cpu]}`,
    );
  }
}
