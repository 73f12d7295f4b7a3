/**
 * The error codes every layer reports with, taken from the build-from-scratch
 * verification seed so that a code means the same thing in the CLI, a check
 * run annotation and a learned pattern.
 */
export const ErrorCode = {
  DocNotFound: "E1001",
  DocParseError: "E1002",
  DocIncomplete: "E1003",
  DocInvalidFormat: "E1004",

  BuildInitFailed: "E2001",
  BuildEnvSetupFailed: "E2002",
  BuildGenerationFailed: "E2003",
  BuildCompilationError: "E2004",
  BuildTimeout: "E2005",

  VerifyTestFailed: "E3001",
  VerifyEndpointMissing: "E3002",
  VerifyAuthFailed: "E3003",
  VerifyContractMismatch: "E3004",

  RecoveryStrategyFailed: "E4001",
  RecoveryCheckpointCorrupt: "E4002",
  RecoveryMaxRetries: "E4003",
  RecoveryResourceExhausted: "E4004",

  SystemOutOfMemory: "E5001",
  SystemDiskFull: "E5002",
  SystemNetworkError: "E5003",
  SystemPermissionDenied: "E5004",

  // Beyond the seed's list: the deploy phase.
  DeployFailed: "E6001",
  DeployRollbackFailed: "E6002",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
