// Types of install-oracle-node.mjs for the fuzzer (fuzz/oracle.ts).
export declare const ORACLE_NODE_VERSION: string;
/** Where the oracle's node binary is (or will be, once installed). */
export declare const oracleNodePath: string;
