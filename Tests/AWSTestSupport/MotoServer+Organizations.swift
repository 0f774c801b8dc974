import AWSCore
import Foundation

/// Fixtures for moto's AWS Organizations (5.2): an organization made by moto's own account (123456789012, its
/// management account), its root, OUs, member accounts, SCPs and RCPs, and credentials in a member account. moto
/// supports both policy types (`SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`: create, attach, list, describe,
/// enable at the root); it attaches `FullAWSAccess` and `RCPFullAWSAccess` to the root, every new OU and every new
/// account whether or not the type is enabled, and lets a policy of a type not enabled be attached (AWS refuses with
/// `PolicyTypeNotEnabledException`). Only before ``requireSignatures()``.
extension MotoServer {
    /// Calls Organizations operation `operation` (JSON 1.1, `AWSOrganizationsV20161128.<operation>`) with `body`, signed
    /// with the placeholder keys of moto's own account; returns the answer's JSON object.
    @discardableResult
    public func organizations(_ operation: String, _ body: [String: Any] = [:]) throws -> [String: Any] {
        guard !lock.withLock({ signaturesRequired }) else {
            throw TestServerFailure(
                description: "moto fixture \(operation) after requireSignatures(): create fixtures first")
        }
        let unsigned = HTTPRequest(
            method: "POST", scheme: "http", host: "127.0.0.1", port: port, path: "/",
            headers: [
                HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
                HTTPHeader("X-Amz-Target", "AWSOrganizationsV20161128.\(operation)"),
            ], body: Array(try JSONSerialization.data(withJSONObject: body)))
        let request = SigV4Signer(service: "organizations", region: "us-east-1")
            .sign(unsigned, credentials: Self.placeholderCredentials, date: Date())
        let response = try transport.send(request, timeout: Self.timeouts)
        guard response.isSuccess else {
            let error = AWSErrorResponse.json(response)
            throw TestServerFailure(description: "moto fixture \(operation) failed: \(error.code): \(error.message)")
        }
        if response.body.isEmpty { return [:] }
        guard let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw TestServerFailure(description: "moto's \(operation) answer is not a JSON object")
        }
        return object
    }

    /// Creates an organization with all features, moto's account its management account; returns the root's id.
    public func createOrganization() throws -> String {
        try organizations("CreateOrganization", ["FeatureSet": "ALL"])
        let roots = try organizations("ListRoots")["Roots"] as? [[String: Any]]
        guard let root = roots?.first?["Id"] as? String else {
            throw TestServerFailure(description: "moto's ListRoots answer has no root")
        }
        return root
    }

    /// Enables policy type `type` (`SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`) at `root`.
    public func enablePolicyType(_ type: String, root: String) throws {
        try organizations("EnablePolicyType", ["RootId": root, "PolicyType": type])
    }

    /// Creates OU `name` under `parent`; returns its id.
    public func createOrganizationalUnit(_ name: String, parent: String) throws -> String {
        let unit = try organizations("CreateOrganizationalUnit", ["ParentId": parent, "Name": name])
        guard let id = (unit["OrganizationalUnit"] as? [String: Any])?["Id"] as? String else {
            throw TestServerFailure(description: "moto's CreateOrganizationalUnit answer has no Id")
        }
        return id
    }

    /// Creates member account `name` and moves it from `root` into `parent`; returns its id.
    public func createAccount(_ name: String, root: String, parent: String) throws -> String {
        let status = try organizations(
            "CreateAccount", ["AccountName": name, "Email": "\(name)@example.com"])
        guard let account = (status["CreateAccountStatus"] as? [String: Any])?["AccountId"] as? String else {
            throw TestServerFailure(description: "moto's CreateAccount answer has no AccountId")
        }
        if parent != root {
            try organizations(
                "MoveAccount", ["AccountId": account, "SourceParentId": root, "DestinationParentId": parent])
        }
        return account
    }

    /// Creates policy `name` of `type` with `content`; returns its id.
    public func createOrganizationPolicy(_ name: String, type: String, content: String) throws -> String {
        let created = try organizations(
            "CreatePolicy", ["Name": name, "Type": type, "Content": content, "Description": name])
        let summary = (created["Policy"] as? [String: Any])?["PolicySummary"] as? [String: Any]
        guard let id = summary?["Id"] as? String else {
            throw TestServerFailure(description: "moto's CreatePolicy answer has no PolicySummary.Id")
        }
        return id
    }

    /// Attaches policy `policy` to root, OU or account `target`.
    public func attachOrganizationPolicy(_ policy: String, to target: String) throws {
        try organizations("AttachPolicy", ["PolicyId": policy, "TargetId": target])
    }

    /// Temporary credentials of role `roleArn` (for example a member account's `OrganizationAccountAccessRole`, which
    /// moto creates with the account): moto makes later calls signed with them in the role's account.
    public func assumeRole(_ roleArn: String, session: String) throws -> AWSCredentials {
        let result = try call(
            "AssumeRole", [("RoleArn", roleArn), ("RoleSessionName", session)], service: "sts")
        guard let issued = result.child("Credentials"), let id = issued.value(at: "AccessKeyId"),
            let secret = issued.value(at: "SecretAccessKey"), let token = issued.value(at: "SessionToken")
        else {
            throw TestServerFailure(description: "moto's AssumeRole answer has no Credentials")
        }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token)
    }
}
