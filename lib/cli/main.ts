/** slipway's command line: argument parsing and output only; the work is in lib/. */
process.stderr.write('slipway: not yet implemented\n');
process.exit(1);
