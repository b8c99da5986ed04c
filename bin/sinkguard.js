#!/usr/bin/env node
// The `sinkguard` command: the CLI entry of the same build as the app.
import '../out/main/cli.js';
