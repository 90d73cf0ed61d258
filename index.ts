// Entry point for `pulumi up`: every key of the program's result is a stack output (docs/configuration.md, "Stack outputs").
import { runProgram } from "./program/program";

export = runProgram();
