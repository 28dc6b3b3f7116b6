import { ContractError, loadContract, webhookSources, enabledConnectors } from '#config/load-contract';

const USAGE = `usage: npm run syncline -- <command>

commands:
  validate [file]   check a contract (default syncline.yaml); prints every problem with its path`;

/** `syncline validate [file]`: exit 0 and a summary when valid; exit 1 and every problem when not. */
function validate(file = 'syncline.yaml'): number {
  try {
    const contract = loadContract(file);
    const objects = Object.entries(contract.objects).map(([name, o]) => `${name} (${Object.keys(o.fields).length} fields)`);
    console.log(`${file} is valid.\n  connectors: ${enabledConnectors(contract).join(', ')}\n  webhooks:   ${webhookSources(contract).join(', ') || '(none)'}\n  objects:    ${objects.join(', ')}\n  syncs:      ${contract.syncs.map((s) => `${s.object} ${s.from} → ${s.to}`).join(', ')}`);
    return 0;
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    console.error(error.message);
    return 1;
  }
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'validate':
    process.exitCode = validate(args[0]);
    break;
  default:
    console.error(USAGE);
    process.exitCode = command === undefined || command === 'help' ? 0 : 2;
}
