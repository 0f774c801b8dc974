import Foundation

/// Copies of the sample responses in `fixtures/aws-samples/` (each parses with botocore's parsers; see its SOURCE),
/// embedded so the tests that use them need no file. `XMLAWSErrorResponseTests` and `SampleParsingTests` check that
/// the copies still match the files, and fail when the files are missing.
public enum AWSSamples {
    /// `fixtures/aws-samples` in the repository.
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/aws-samples")

    /// `iam_error_response.xml`.
    public static let iamErrorResponse = #"""
        <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <Error>
            <Type>Sender</Type>
            <Code>NoSuchEntity</Code>
            <Message>The role with name ImageBuilderRole cannot be found.</Message>
          </Error>
          <RequestId>4f2d1c8e-9b3a-4c1d-8e7f-0a1b2c3dEXAMPLE</RequestId>
        </ErrorResponse>
        """#

    /// `cloudcontrol_error.json`.
    public static let cloudControlError = #"""
        {"__type":"com.amazon.cloudapiservice#ResourceNotFoundException","Message":"AWS::ImageBuilder::Image Handler returned status FAILED: Resource of type 'AWS::ImageBuilder::Image' with identifier 'arn:aws:imagebuilder:us-west-2:123456789012:image/web-recipe/1.0.0/9' was not found."}
        """#

    /// `cloudcontrol_get_resource_request_status.json`: an `IN_PROGRESS` ProgressEvent with `RetryAfter`.
    public static let cloudControlGetResourceRequestStatus = #"""
        {"ProgressEvent":{"TypeName":"AWS::ImageBuilder::Image","Identifier":"arn:aws:imagebuilder:us-west-2:123456789012:image/web-recipe/1.0.0/1","RequestToken":"6a3c4a2e-0b7b-4d8e-9a41-2c1f0EXAMPLE","Operation":"CREATE","OperationStatus":"IN_PROGRESS","EventTime":1.714554753123E9,"RetryAfter":1.714554813123E9,"StatusMessage":"Image build in progress"}}
        """#

    /// `cloudcontrol_failed.json`: a `FAILED` ProgressEvent with `ErrorCode` and `StatusMessage`.
    public static let cloudControlFailed = #"""
        {"ProgressEvent":{"TypeName":"AWS::ImageBuilder::Image","RequestToken":"6a3c4a2e-0b7b-4d8e-9a41-2c1f0EXAMPLE","Operation":"CREATE","OperationStatus":"FAILED","EventTime":1.714555953E9,"ErrorCode":"InvalidRequest","StatusMessage":"Image recipe arn:aws:imagebuilder:us-west-2:123456789012:image-recipe/web-recipe/1.0.0 not found (Service: Imagebuilder, Status Code: 404, Request ID: 1b2c...)"}}
        """#

    /// `simulate_principal_policy_response.xml`.
    public static let simulatePrincipalPolicyResponse = #"""
        <SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <SimulatePrincipalPolicyResult>
            <IsTruncated>true</IsTruncated>
            <Marker>AAIAAYXqUa0EXAMPLEmarker</Marker>
            <EvaluationResults>
              <member>
                <EvalActionName>imagebuilder:CreateImage</EvalActionName>
                <EvalResourceName>arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.0</EvalResourceName>
                <EvalDecision>allowed</EvalDecision>
                <MatchedStatements>
                  <member>
                    <SourcePolicyId>ImageBuilderPipelineAccess</SourcePolicyId>
                    <SourcePolicyType>user-managed</SourcePolicyType>
                    <StartPosition><Line>3</Line><Column>17</Column></StartPosition>
                    <EndPosition><Line>12</Line><Column>6</Column></EndPosition>
                  </member>
                </MatchedStatements>
                <MissingContextValues/>
                <PermissionsBoundaryDecisionDetail>
                  <AllowedByPermissionsBoundary>true</AllowedByPermissionsBoundary>
                </PermissionsBoundaryDecisionDetail>
                <EvalDecisionDetails/>
                <ResourceSpecificResults>
                  <member>
                    <EvalResourceName>arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.0</EvalResourceName>
                    <EvalResourceDecision>allowed</EvalResourceDecision>
                    <MatchedStatements>
                      <member>
                        <SourcePolicyId>ImageBuilderPipelineAccess</SourcePolicyId>
                        <SourcePolicyType>user-managed</SourcePolicyType>
                        <StartPosition><Line>3</Line><Column>17</Column></StartPosition>
                        <EndPosition><Line>12</Line><Column>6</Column></EndPosition>
                      </member>
                    </MatchedStatements>
                    <MissingContextValues/>
                    <PermissionsBoundaryDecisionDetail>
                      <AllowedByPermissionsBoundary>true</AllowedByPermissionsBoundary>
                    </PermissionsBoundaryDecisionDetail>
                  </member>
                </ResourceSpecificResults>
              </member>
              <member>
                <EvalActionName>iam:PassRole</EvalActionName>
                <EvalResourceName>arn:aws:iam::123456789012:role/EC2InstanceProfileForImageBuilder</EvalResourceName>
                <EvalDecision>explicitDeny</EvalDecision>
                <MatchedStatements>
                  <member>
                    <SourcePolicyId>DenyPassRoleOutsideRegion</SourcePolicyId>
                    <SourcePolicyType>role</SourcePolicyType>
                    <StartPosition><Line>1</Line><Column>38</Column></StartPosition>
                    <EndPosition><Line>1</Line><Column>210</Column></EndPosition>
                  </member>
                </MatchedStatements>
                <MissingContextValues>
                  <member>aws:RequestedRegion</member>
                  <member>iam:PassedToService</member>
                </MissingContextValues>
                <OrganizationsDecisionDetail>
                  <AllowedByOrganizations>true</AllowedByOrganizations>
                </OrganizationsDecisionDetail>
                <EvalDecisionDetails>
                  <entry><key>IAM Policy</key><value>explicitDeny</value></entry>
                  <entry><key>Permissions Boundary Policy</key><value>allowed</value></entry>
                </EvalDecisionDetails>
              </member>
              <member>
                <EvalActionName>ec2:RunInstances</EvalActionName>
                <EvalResourceName>*</EvalResourceName>
                <EvalDecision>implicitDeny</EvalDecision>
                <MatchedStatements/>
                <MissingContextValues/>
              </member>
            </EvaluationResults>
          </SimulatePrincipalPolicyResult>
          <ResponseMetadata>
            <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
          </ResponseMetadata>
        </SimulatePrincipalPolicyResponse>
        """#

    /// `get_account_authorization_details_response.xml`.
    public static let getAccountAuthorizationDetailsResponse = #"""
        <GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <GetAccountAuthorizationDetailsResult>
            <IsTruncated>true</IsTruncated>
            <Marker>EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl/eeaCX3Jo94/bKqezEAg8TEVS99EKFLxm3jtbpl25FDWEXAMPLE</Marker>
            <UserDetailList>
              <member>
                <Path>/</Path>
                <UserName>builder</UserName>
                <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
                <Arn>arn:aws:iam::123456789012:user/builder</Arn>
                <CreateDate>2024-02-07T17:19:56Z</CreateDate>
                <UserPolicyList>
                  <member>
                    <PolicyName>inline-s3</PolicyName>
                    <PolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aartifacts%2F%2A%22%7D%5D%7D</PolicyDocument>
                  </member>
                </UserPolicyList>
                <GroupList><member>Builders</member></GroupList>
                <AttachedManagedPolicies>
                  <member>
                    <PolicyName>ImageBuilderPipelineAccess</PolicyName>
                    <PolicyArn>arn:aws:iam::123456789012:policy/ImageBuilderPipelineAccess</PolicyArn>
                  </member>
                </AttachedManagedPolicies>
                <PermissionsBoundary>
                  <PermissionsBoundaryType>PermissionsBoundaryPolicy</PermissionsBoundaryType>
                  <PermissionsBoundaryArn>arn:aws:iam::123456789012:policy/DevBoundary</PermissionsBoundaryArn>
                </PermissionsBoundary>
                <Tags><member><Key>team</Key><Value>platform</Value></member></Tags>
              </member>
            </UserDetailList>
            <GroupDetailList>
              <member>
                <Path>/</Path>
                <GroupName>Builders</GroupName>
                <GroupId>AGPACKCEVSQ6C2EXAMPLE</GroupId>
                <Arn>arn:aws:iam::123456789012:group/Builders</Arn>
                <CreateDate>2024-02-07T17:20:11Z</CreateDate>
                <GroupPolicyList/>
                <AttachedManagedPolicies/>
              </member>
            </GroupDetailList>
            <RoleDetailList>
              <member>
                <Path>/</Path>
                <RoleName>EC2InstanceProfileForImageBuilder</RoleName>
                <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
                <Arn>arn:aws:iam::123456789012:role/EC2InstanceProfileForImageBuilder</Arn>
                <CreateDate>2024-02-07T17:21:40Z</CreateDate>
                <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D</AssumeRolePolicyDocument>
                <InstanceProfileList>
                  <member>
                    <Path>/</Path>
                    <InstanceProfileName>EC2InstanceProfileForImageBuilder</InstanceProfileName>
                    <InstanceProfileId>AIPADBQP57FF2AEXAMPLE</InstanceProfileId>
                    <Arn>arn:aws:iam::123456789012:instance-profile/EC2InstanceProfileForImageBuilder</Arn>
                    <CreateDate>2024-02-07T17:21:40Z</CreateDate>
                    <Roles>
                      <member>
                        <Path>/</Path>
                        <RoleName>EC2InstanceProfileForImageBuilder</RoleName>
                        <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
                        <Arn>arn:aws:iam::123456789012:role/EC2InstanceProfileForImageBuilder</Arn>
                        <CreateDate>2024-02-07T17:21:40Z</CreateDate>
                        <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D</AssumeRolePolicyDocument>
                      </member>
                    </Roles>
                  </member>
                </InstanceProfileList>
                <RolePolicyList/>
                <AttachedManagedPolicies>
                  <member>
                    <PolicyName>EC2InstanceProfileForImageBuilder</PolicyName>
                    <PolicyArn>arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder</PolicyArn>
                  </member>
                </AttachedManagedPolicies>
                <Tags/>
                <RoleLastUsed>
                  <LastUsedDate>2024-05-01T09:12:33Z</LastUsedDate>
                  <Region>us-east-1</Region>
                </RoleLastUsed>
              </member>
            </RoleDetailList>
            <Policies>
              <member>
                <PolicyName>ImageBuilderPipelineAccess</PolicyName>
                <PolicyId>ANPAJ2UCCR6DPCEXAMPLE</PolicyId>
                <Arn>arn:aws:iam::123456789012:policy/ImageBuilderPipelineAccess</Arn>
                <Path>/</Path>
                <DefaultVersionId>v2</DefaultVersionId>
                <AttachmentCount>1</AttachmentCount>
                <PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount>
                <IsAttachable>true</IsAttachable>
                <CreateDate>2024-02-07T17:19:00Z</CreateDate>
                <UpdateDate>2024-03-01T08:00:00Z</UpdateDate>
                <PolicyVersionList>
                  <member>
                    <Document>%7B%0A%20%20%22Version%22%3A%20%222012-10-17%22%2C%0A%20%20%22Statement%22%3A%20%5B%7B%22Effect%22%3A%20%22Allow%22%2C%20%22Action%22%3A%20%5B%22imagebuilder%3A%2A%22%5D%2C%20%22Resource%22%3A%20%22%2A%22%7D%5D%0A%7D</Document>
                    <VersionId>v2</VersionId>
                    <IsDefaultVersion>true</IsDefaultVersion>
                    <CreateDate>2024-03-01T08:00:00Z</CreateDate>
                  </member>
                  <member>
                    <Document>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D</Document>
                    <VersionId>v1</VersionId>
                    <IsDefaultVersion>false</IsDefaultVersion>
                    <CreateDate>2024-02-07T17:19:00Z</CreateDate>
                  </member>
                </PolicyVersionList>
              </member>
            </Policies>
          </GetAccountAuthorizationDetailsResult>
          <ResponseMetadata>
            <RequestId>92e79ae7-7399-11e4-8c85-4b53eEXAMPLE</RequestId>
          </ResponseMetadata>
        </GetAccountAuthorizationDetailsResponse>
        """#

    /// Every copy with the file name it was taken from.
    public static let all: [(file: String, text: String)] = [
        ("iam_error_response.xml", iamErrorResponse),
        ("cloudcontrol_error.json", cloudControlError),
        ("cloudcontrol_get_resource_request_status.json", cloudControlGetResourceRequestStatus),
        ("cloudcontrol_failed.json", cloudControlFailed),
        ("simulate_principal_policy_response.xml", simulatePrincipalPolicyResponse),
        ("get_account_authorization_details_response.xml", getAccountAuthorizationDetailsResponse),
    ]
}
