extension LeastPrivilegePolicy {
    /// A readable Sid from what the statement grants: its services, its resource types and its conditions —
    /// `IAMRolePassedToImageBuilder`, `ImageBuilderImageWithRequestTags`, `CloudControlInspectorAnyResource`.
    static func sid(for statement: Statement) -> String {
        var services: [String] = []
        for action in statement.actions {
            let prefix = String(action.split(separator: ":", maxSplits: 1).first ?? "")
            let word = serviceWord(prefix)
            if !services.contains(word) { services.append(word) }
        }
        var name = services.joined()
        if statement.resources == ["*"] {
            name += "AnyResource"
        } else {
            var types: [String] = []
            for resource in statement.resources {
                let word = resourceTypeWord(resource)
                if !types.contains(word) { types.append(word) }
            }
            name += types.joined(separator: "And")
        }
        for condition in statement.conditions {
            let key = condition.key.lowercased()
            let value = condition.values.first ?? ""
            if key == "iam:passedtoservice" {
                name += "PassedTo" + principalWord(value)
            } else if key == "iam:awsservicename" {
                name += "For" + principalWord(value)
            }
        }
        if statement.conditions.contains(where: { $0.key.lowercased().hasPrefix("aws:requesttag/") }) {
            name += "WithRequestTags"
        } else if statement.conditions.contains(where: { $0.key.lowercased() == "aws:tagkeys" }) {
            name += "WithTagKeys"
        }
        return name.isEmpty ? "Statement" : name
    }

    /// `imagebuilder` → `ImageBuilder`; Cloud Control's actions are authorized as `cloudformation`.
    private static func serviceWord(_ prefix: String) -> String {
        switch prefix.lowercased() {
        case "cloudformation": return "CloudControl"
        case "imagebuilder": return "ImageBuilder"
        case "iam": return "IAM"
        case "ecr": return "ECR"
        case "inspector2": return "Inspector"
        default: return pascalCase(prefix)
        }
    }

    /// `imagebuilder.amazonaws.com` → `ImageBuilder`.
    private static func principalWord(_ servicePrincipal: String) -> String {
        let name = String(servicePrincipal.split(separator: ".").first ?? "")
        switch name.lowercased() {
        case "cloudformation": return "CloudFormation"
        case "imagebuilder": return "ImageBuilder"
        default: return pascalCase(name)
        }
    }

    /// The resource type an ARN names, from its resource part: `…:image-recipe/web/1.0.0` → `ImageRecipe`.
    private static func resourceTypeWord(_ arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return "Resource" }
        let resource = parts[5]
        if resource.hasPrefix("role/aws-service-role/") { return "ServiceLinkedRole" }
        let word = pascalCase(String(resource.prefix { $0 != "/" && $0 != ":" }))
        return word.isEmpty ? "Resource" : word
    }

    /// `image-recipe` → `ImageRecipe`: letters and digits only, each run capitalized.
    private static func pascalCase(_ text: String) -> String {
        text.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }
}
