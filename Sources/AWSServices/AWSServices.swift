/// The AWS service clients iamgate calls, built on AWSCore: IAM's query API (SimulatePrincipalPolicy,
/// SimulateCustomPolicy, GetAccountAuthorizationDetails, GetRole) and, later, Cloud Control. The one STS client is
/// AWSCore's, because the credential providers call STS too.
public enum AWSServices {}
