/// The AWS service clients iamgate calls, built on AWSCore: IAM's query API (SimulatePrincipalPolicy,
/// SimulateCustomPolicy, GetAccountAuthorizationDetails), STS (GetCallerIdentity) and, later, Cloud Control.
public enum AWSServices {}
