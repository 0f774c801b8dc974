/// The AWS service clients iamgate calls, built on AWSCore: IAM's query API (SimulatePrincipalPolicy,
/// SimulateCustomPolicy, GetAccountAuthorizationDetails, GetRole), STS (GetCallerIdentity) and Cloud Control (every
/// operation, over the JSON 1.0 protocol, with a waiter that follows a write to its final state).
public enum AWSServices {}
