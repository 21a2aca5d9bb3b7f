// Every PostgreSQL fixture on the PostgreSQL server (PG_URL; default: the local socket as postgres),
// in a database created for this run and dropped after it.
import { engineSuite } from './engines/suite.mjs'
import { openPgServer } from './engines/connect.mjs'

engineSuite('PostgreSQL server', 'postgresql', await openPgServer())
