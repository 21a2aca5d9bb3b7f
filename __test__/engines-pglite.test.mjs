// Every PostgreSQL fixture on PGlite (PostgreSQL in WebAssembly, in this process): always runs.
import { engineSuite } from './engines/suite.mjs'
import { openPglite } from './engines/connect.mjs'

engineSuite('PGlite', 'postgresql', await openPglite())
