import Fluent
import Foundation
import NIOCore
import PrakatCore
import Vapor

/// `prakat create-admin --username NAME [--password-stdin]`.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "username", help: "Username of the new administrator (a–z, digits, . _ -).")
        var username: String?
        @Option(name: "display-name", help: "Name shown in the system (default: ผู้ดูแลระบบ).")
        var displayName: String?
        @Flag(name: "password-stdin", help: "Read the password from standard input instead of generating one.")
        var passwordFromStdin: Bool
        init() {}
    }

    let help = "Creates an administrator account."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, seedDemo: false)
        guard let username = signature.username else {
            context.console.error("ต้องระบุ --username (--username is required)")
            app.exitCode = 2
            return
        }
        var password: String
        var generated = false
        if signature.passwordFromStdin {
            password = readLine(strippingNewline: true) ?? ""
        } else {
            password = DemoSeeder.generatePassword()
            generated = true
        }
        let input = AccountService.UserInput(
            username: username, password: password, displayName: signature.displayName ?? "ผู้ดูแลระบบ",
            position: "ผู้ดูแลระบบ", unitID: nil, roleNames: [Role.administrator.rawValue])
        // A password the operator typed is theirs; a generated one must be changed at first sign-in.
        switch try await AccountService(application: app, db: app.db).createUser(input, actor: AuditActor.system("create-admin"), mustChangePassword: generated) {
        case .failure(let errors):
            for message in errors.list { context.console.error(message) }
            app.exitCode = 1
        case .success(let user):
            context.console.print("สร้างผู้ดูแลระบบ \(user.username) แล้ว (administrator created)")
            if generated { context.console.print("รหัสผ่าน (password, shown once): \(password)") }
        }
        password = ""
    }
}
