// Process entry of the CLI (bin/tuopin.js loads the compiled form of this file).
import { tuneHeap } from '../runtime.js';

tuneHeap();
const { main } = await import('./main.js');
process.exitCode = await main(process.argv);
