import AWSCore

/// The AWS service clients iamgate calls, built on AWSCore: IAM's query API (SimulatePrincipalPolicy,
/// SimulateCustomPolicy, GetAccountAuthorizationDetails, GetRole), Cloud Control (every operation, over the JSON 1.0
/// protocol, with a waiter that follows a write to its final state) and Organizations (the read-only calls that find an
/// account's SCPs and RCPs, over the JSON 1.1 protocol). The one STS client is AWSCore's, because the credential
/// providers call STS too.
public enum AWSServices {}
