import Foundation
import PrakatCore

// Mock page models of sign-in, the person's account and administration (see `PageMocks.swift`).

extension AccountRoutes.LoginBody {
    static var mock: Self { Self(username: "decha", next: PublishingRoute.desk.path, error: AccountsText.loginFailed) }
}

extension TwoFactorRoutes.CodeBody {
    static var mock: Self { Self(error: nil) }
}

extension AccountRoutes.PasswordBody {
    static var mock: Self {
        var errors = FormErrors()
        errors.add("confirmPassword", AccountsText.passwordsDoNotMatch)
        return Self(forced: true, errors: errors)
    }
}

extension SessionRoutes.Body {
    static var mock: Self {
        let time = ThaiDateFormat.short(MockData.now, digits: .arabic, showsTime: true)
        return Self(
            rows: [
                SessionRoutes.Row(
                    createdAt: time, lastSeenAt: time, address: "10.0.0.15", userAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0",
                    isCurrent: true, endPath: AccountsRoute.sessionEnd(MockData.id(51)).path),
                SessionRoutes.Row(
                    createdAt: time, lastSeenAt: time, address: "10.0.0.77", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5) Safari/604.1",
                    isCurrent: false, endPath: AccountsRoute.sessionEnd(MockData.id(52)).path)
            ], others: 1, endOthersPath: AccountsRoute.sessionsEndOthers.path, idleMinutes: 30)
    }
}

extension TwoFactorRoutes.PageBody {
    static var mock: Self {
        Self(
            enabled: false, required: true, enabledAt: nil, remainingCodes: 0, secretGroups: "JBSW Y3DP EHPK 3PXP",
            uri: "otpauth://totp/Prakat:decha?secret=JBSWY3DPEHPK3PXP&issuer=Prakat", qrSVG: nil, recoveryCodes: [], errors: FormErrors())
    }
}

extension AdminRoutes.DashboardBody {
    static var mock: Self {
        Self(
            unitCount: 12, userCount: 48, unitsWithoutHead: ["กลุ่มงานพัฒนายุทธศาสตร์สาธารณสุข"], webmasterCount: 1,
            webmasterShortage: true, auditEntries: 1_204, clockWarning: nil)
    }
}

extension AdminRoutes.UnitsBody {
    static var mock: Self {
        Self(
            units: [
                AdminRoutes.UnitRow(
                    slug: "digital-health", nameTh: MockData.unitName, headName: MockData.user.displayName, memberCount: 6,
                    path: AccountsRoute.unit(MockData.unitID).path),
                AdminRoutes.UnitRow(
                    slug: "strategy", nameTh: "กลุ่มงานพัฒนายุทธศาสตร์สาธารณสุข", headName: nil, memberCount: 4,
                    path: AccountsRoute.unit(MockData.id(21)).path)
            ], newPath: AccountsRoute.unitNew.path)
    }
}

extension AdminRoutes.UnitFormBody {
    static var mock: Self {
        Self(
            action: AccountsRoute.unitUpdate(MockData.unitID).path, isNew: false, slug: "digital-health", nameTh: MockData.unitName,
            nameEn: "Digital Health",
            heads: [
                HeadOption(id: "", label: "— ยังไม่กำหนด", selected: false),
                HeadOption(id: MockData.userID.lowercased, label: MockData.user.displayName, selected: true)
            ],
            headMissing: false, errors: FormErrors())
    }
}

extension AdminRoutes.UsersBody {
    static var mock: Self {
        Self(
            users: [
                AdminRoutes.UserRow(
                    username: "decha", displayName: MockData.user.displayName, position: MockData.user.position, unitName: MockData.unitName,
                    roles: MockData.userView.roles, isActive: true, mustChangePassword: false, path: AccountsRoute.user(MockData.userID).path),
                AdminRoutes.UserRow(
                    username: "suda", displayName: "นางสาวสุดา ใจดี", position: "นักวิชาการสาธารณสุข", unitName: MockData.unitName,
                    roles: [Role.staff.thaiName], isActive: true, mustChangePassword: true, path: AccountsRoute.user(MockData.id(53)).path)
            ], newPath: AccountsRoute.userNew.path)
    }
}

extension AdminRoutes.UserFormBody {
    static var mock: Self {
        Self(
            action: AccountsRoute.userUpdate(MockData.id(53)).path, isNew: false, username: "suda", displayName: "นางสาวสุดา ใจดี",
            position: "นักวิชาการสาธารณสุข", email: "suda@example.go.th", isActive: true,
            units: [Option(value: MockData.unitID.lowercased, label: MockData.unitName, selected: true)],
            roles: Role.allCases.map { Option(value: $0.rawValue, label: $0.thaiName, selected: $0 == .staff) },
            errors: FormErrors(), minimumPasswordLength: 12, resetTwoFactorPath: nil)
    }
}

extension AdminRoutes.AuditBody {
    static var mock: Self {
        let at = ThaiDateFormat.short(MockData.now, digits: .arabic, showsTime: true)
        return Self(
            rows: [
                AdminRoutes.AuditRow(
                    sequence: 1_204, at: at, actor: "นายเดชา รักจรรยาบรรณ", address: "10.0.0.15", action: "request.approved", actionName: AuditAction.requestApproved.thaiName,
                    storedAs: nil,
                    entity: "request " + MockData.requestID.lowercased, reason: nil, details: ""),
                AdminRoutes.AuditRow(
                    sequence: 1_203, at: at, actor: "นางสาวสุดา ใจดี", address: "10.0.0.21", action: "request.submitted", actionName: AuditAction.requestSubmitted.thaiName,
                    storedAs: "request.submit",
                    entity: "request " + MockData.requestID.lowercased, reason: nil, details: #"{"version":3}"#)
            ], status: "ห่วงโซ่แฮชครบถ้วน ตรวจแล้ว 1204 รายการ", intact: true, verifyPath: AccountsRoute.audit(verify: true).path,
            page: 1, pages: 25, previous: nil, next: AccountsRoute.audit(page: 2).path)
    }
}

extension SecuritySettingsRoutes.Body {
    static var mock: Self {
        Self(
            requireTwoFactor: true, withoutTwoFactor: [Person(displayName: "นางสาวกานดา มีสุข", username: "kanda")],
            action: AccountsRoute.security.path, idleMinutes: 30, limits: RateLimitSettings())
    }
}

extension OperationsRoutes.Body {
    static var mock: Self {
        Self(
            action: OperationsRoute.trafficExport.path, from: "2026-02-01", to: "2026-02-09", errors: FormErrors(),
            status: OperationsText.logsIntact, intact: true, clockWarning: nil, retentionDays: 90,
            days: [
                OperationsRoutes.DayRow(day: "2026-02-09", sealed: false, lines: nil, hasFile: true),
                OperationsRoutes.DayRow(day: "2026-02-08", sealed: true, lines: 1_532, hasFile: true)
            ])
    }
}
