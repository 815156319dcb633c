// Each command module registers itself with addCommand when imported.
import './trace.js';
import './tune.js';
import './minimize.js';
import './experiments.js';
import './data.js';
import './train.js';
import './spectrum.js';
import './lab.js';
import './export.js';
import './study.js';
import './info.js';
