// Every MySQL fixture on the MySQL-compatible server (MYSQL_URL; default: the local MariaDB socket
// as root), in a database created for this run and dropped after it, in strict SQL mode.
import { engineSuite } from './engines/suite.mjs'
import { openMysqlServer } from './engines/connect.mjs'

engineSuite('MySQL/MariaDB server', 'mysql', await openMysqlServer())
