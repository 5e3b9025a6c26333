import { deploy } from "./deployCommand.js";
import { size } from "./sizeCommand.js";
import type { Command } from "./command.js";

/** The deployment commands, listed after the calculators. */
export const DEPLOY_COMMANDS: Command[] = [deploy, size];
