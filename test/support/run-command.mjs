import { spawn } from 'node:child_process';

/**
 * Runs a command to its end, quietly (no colours, no telemetry of the tools the framework
 * examples use); resolves with its exit code and what it printed: `stdout`, `stderr`, and both
 * interleaved as `output`.
 */
export function runCommand(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk) => ((stdout += chunk), (output += chunk)));
    child.stderr.on('data', (chunk) => ((stderr += chunk), (output += chunk)));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr, output }));
  });
}
