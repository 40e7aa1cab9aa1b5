// Process entry of the CLI (bin/tuopin.js loads the compiled form of this file).
import { main } from './main.js';

process.exitCode = await main(process.argv);
