// Drives `loopkeeper-cli mcp` with the official MCP TypeScript SDK, the way an agent's MCP
// client does: spawn over stdio, initialize, list the tools, call each one, and check what
// comes back. Exits non-zero on the first failed check.
//
//   node client.mjs LOOPKEEPER_CLI WORKSPACE
//
// WORKSPACE must hold exactly one finished training run with at least 3 epochs
// (run-client.sh trains one).
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ErrorCode, InitializeResultSchema, LATEST_PROTOCOL_VERSION, McpError } from '@modelcontextprotocol/sdk/types.js';

const [cli, workspace] = process.argv.slice(2);
if (!cli || !workspace) {
  console.error('usage: node client.mjs LOOPKEEPER_CLI WORKSPACE');
  process.exit(2);
}

let checks = 0;
function check(what, fn) {
  fn();
  checks += 1;
  console.log(`ok ${checks} - ${what}`);
}

/** The JSON object a tool returned, after checking that text and structuredContent agree. */
function payload(result) {
  assert.equal(result.isError, false, JSON.stringify(result));
  assert.equal(result.content.length, 1);
  assert.equal(result.content[0].type, 'text');
  const fromText = JSON.parse(result.content[0].text);
  assert.deepEqual(result.structuredContent, fromText);
  return fromText;
}

const transport = new StdioClientTransport({
  command: cli,
  args: ['mcp', '--workspace', workspace],
  stderr: 'inherit',
});
const client = new Client({ name: 'loopkeeper-sdk-test', version: '1.0.0' });

async function main() {
  await client.connect(transport);

  check('initialize: server info and tools capability', () => {
    const info = client.getServerVersion();
    assert.equal(info.name, 'loopkeeper');
    assert.match(info.version, /^\d+\.\d+\.\d+/);
    assert.ok(client.getServerCapabilities().tools, 'tools capability');
    assert.match(client.getInstructions() ?? '', /list_runs/);
  });
  // The Client keeps the agreed version to itself: ask once more over a bare SDK transport.
  const raw = new StdioClientTransport({ command: cli, args: ['mcp', '--workspace', workspace], stderr: 'inherit' });
  const reply = new Promise((resolve) => {
    raw.onmessage = resolve;
  });
  await raw.start();
  await raw.send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  const initialized = await reply;
  await raw.close();
  check(`the SDK's newest protocol version (${LATEST_PROTOCOL_VERSION}) is agreed, in the SDK's own schema`, () => {
    assert.equal(initialized.id, 1);
    const result = InitializeResultSchema.parse(initialized.result);
    assert.equal(result.protocolVersion, LATEST_PROTOCOL_VERSION);
  });

  await client.ping();
  check('ping', () => {});

  const { tools } = await client.listTools();
  check('tools/list: six tools with object schemas', () => {
    assert.deepEqual(
      tools.map((t) => t.name).sort(),
      ['analyze_run', 'get_deployment', 'get_run_metrics', 'list_drift_alerts', 'list_runs', 'recommend_early_stop'],
    );
    for (const t of tools) {
      assert.equal(t.inputSchema.type, 'object', t.name);
      assert.ok(t.description.length > 20, t.name);
      assert.equal(t.annotations?.readOnlyHint, true, t.name);
    }
  });

  const runs = payload(await client.callTool({ name: 'list_runs', arguments: {} }));
  check('list_runs: the one run', () => {
    assert.equal(runs.runs.length, 1);
    assert.match(runs.runs[0].run_id, /^run-/);
    assert.ok(runs.runs[0].epochs_done >= 3);
  });
  const run = runs.runs[0];
  const runId = run.run_id;

  const all = payload(
    await client.callTool({ name: 'get_run_metrics', arguments: { run_id: runId, limit: 100000 } }),
  );
  check('get_run_metrics: every epoch and step', () => {
    assert.equal(all.run_id, runId);
    assert.equal(all.status, run.status);
    assert.equal(all.epochs.length, run.epochs_done);
    assert.equal(all.steps.length, run.steps_done);
    assert.equal(all.next_since, run.steps_done);
    assert.equal(all.has_more, false);
    for (const e of all.epochs) {
      assert.equal(typeof e.train_loss, 'number');
      assert.equal(typeof e.val_loss, 'number');
    }
  });

  // Follow the run as an agent would: poll with since = next_since until nothing is left.
  const steps = [];
  const epochs = [];
  let since = 0;
  for (let page = 0; ; page += 1) {
    assert.ok(page < 1000, 'the cursor does not advance');
    const p = payload(
      await client.callTool({ name: 'get_run_metrics', arguments: { run_id: runId, since, limit: 10 } }),
    );
    steps.push(...p.steps);
    epochs.push(...p.epochs);
    assert.ok(p.next_since >= since);
    since = p.next_since;
    if (!p.has_more) break;
  }
  check('get_run_metrics: paging by next_since sends each record once', () => {
    assert.deepEqual(steps, all.steps);
    assert.deepEqual(epochs, all.epochs);
  });

  const health = payload(await client.callTool({ name: 'analyze_run', arguments: { run_id: runId } }));
  check('analyze_run: a health report with a recommendation', () => {
    assert.equal(health.run_id, runId);
    assert.equal(health.epochs_analyzed, run.epochs_done);
    assert.equal(health.monitor, 'val_loss');
    assert.equal(health.config.plateau.convention, 'keras');
    assert.ok(['continue', 'stop', 'reduce_lr', 'restore_best'].includes(health.recommendation.action));
    assert.ok(health.recommendation.reason.length > 0);
  });

  const accuracy = payload(
    await client.callTool({
      name: 'analyze_run',
      arguments: { run_id: runId, monitor: 'val_accuracy', patience: 1, convention: 'pytorch' },
    }),
  );
  check('analyze_run: overrides apply', () => {
    assert.equal(accuracy.monitor, 'val_accuracy');
    assert.equal(accuracy.mode, 'max');
    assert.equal(accuracy.config.plateau.patience, 1);
    assert.equal(accuracy.config.plateau.convention, 'pytorch');
  });

  const advice = payload(await client.callTool({ name: 'recommend_early_stop', arguments: { run_id: runId } }));
  check('recommend_early_stop: whether to stop, and why', () => {
    assert.equal(advice.run_id, runId);
    assert.equal(typeof advice.should_stop, 'boolean');
    assert.equal(advice.action, health.recommendation.action);
    assert.equal(advice.reason, health.recommendation.reason);
    assert.equal(advice.best_epoch, health.best_epoch);
    assert.equal(advice.should_stop, ['stop', 'restore_best'].includes(advice.action));
    assert.equal(advice.run_finished, true);
  });

  const missing = await client.callTool({ name: 'get_run_metrics', arguments: { run_id: 'run-missing' } });
  check('a tool error is a result with isError', () => {
    assert.equal(missing.isError, true);
    assert.match(missing.content[0].text, /run-missing/);
    assert.equal(missing.structuredContent.error.code, 'not_found');
  });

  const fleet = payload(await client.callTool({ name: 'get_deployment', arguments: {} }));
  check('get_deployment: no rollout in this workspace yet', () => {
    assert.equal(fleet.deployment, null);
    assert.deepEqual(fleet.nodes, []);
  });

  const bad = await client.callTool({ name: 'analyze_run', arguments: { run_id: runId, mode: 'sideways' } });
  check('a bad argument is a tool error naming it', () => {
    assert.equal(bad.isError, true);
    assert.match(bad.content[0].text, /mode/);
  });

  await assert.rejects(
    client.callTool({ name: 'drop_all_runs', arguments: {} }),
    (e) => e instanceof McpError && e.code === ErrorCode.InvalidParams && /drop_all_runs/.test(e.message),
  );
  check('an unknown tool is a JSON-RPC invalid-params error', () => {});

  await client.close();
  console.log(`all ${checks} checks passed`);
}

main().catch(async (error) => {
  console.error('FAILED:', error);
  try {
    await client.close();
  } catch {
    // already closed
  }
  process.exit(1);
});
