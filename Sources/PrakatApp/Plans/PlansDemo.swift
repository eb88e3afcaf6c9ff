import Crypto
import Fluent
import Foundation
import PrakatCore
import Vapor

/// Seed 2 (สำนักงานเลขาธิการสภาผู้แทนราษฎร) entered completely as
/// demo data: every section, number and head count as in the seed, approved and running, with a
/// filled 6-month round, its attendance list and questionnaire answers, so a new user sees a
/// real report. The seed gives no actual results: the round's figures, the attendance (297 of
/// 330) and the answers are made up for the demo and say so in the round's summary.
enum PlansDemo {
    static let fiscalYear = FiscalYear(beYear: 2564)
    static let unitName = "สำนักนโยบายและแผน"

    static var document: ProjectDocument {
        let fy = fiscalYear
        let title2564 = "ประจำปีงบประมาณ พ.ศ. 2564"
        var doc = ProjectDocument(
            title: "โครงการสัมมนา เรื่อง การเสริมสร้างความรู้ ความเข้าใจในการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ \(title2564)",
            fiscalYear: fy)
        doc.rationale = [
            "สืบเนื่องจากมติคณะกรรมการข้าราชการรัฐสภา (ก.ร.) เห็นชอบให้มีการประเมินผลการปฏิบัติราชการของส่วนราชการสังกัดรัฐสภา มาตั้งแต่ปีงบประมาณ พ.ศ. 2549 สำนักงานฯ จึงได้แต่งตั้งคณะกรรมการกำหนดกรอบตัวชี้วัด น้ำหนัก เป้าหมาย เกณฑ์การให้คะแนนตัวชี้วัดของส่วนราชการสังกัดรัฐสภา ประจำปีงบประมาณ เพื่อจัดทำกรอบตัวชี้วัด น้ำหนัก เป้าหมาย เกณฑ์การให้คะแนนตัวชี้วัดประจำปี โดยยึดถือปฏิบัติตามหลักการและแนวทางตามพระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี พ.ศ. 2546 และหลักธรรมาภิบาล เพื่อให้ส่วนราชการสังกัดรัฐสภานำไปใช้ในการจัดทำคำรับรองการปฏิบัติราชการประจำปี",
            "ดังนั้น เพื่อให้การปฏิบัติงานตามตัวชี้วัดตามคำรับรองการปฏิบัติราชการ \(title2564) บรรลุผลสัมฤทธิ์ตามเป้าหมายและกรอบระยะเวลาที่กำหนดไว้ และเพื่อให้ข้าราชการและบุคลากรทุกคน มีความรู้ ความเข้าใจ และพัฒนาตนเองในการนำตัวชี้วัดไปปฏิบัติ และการติดตามประเมินผลตัวชี้วัดให้ถูกต้องและเป็นไปในทิศทางเดียวกัน รวมทั้งปฏิบัติงานได้อย่างมีประสิทธิภาพและประสิทธิผล สำนักนโยบายและแผนจึงเห็นควรจัดทำโครงการสัมมนา เรื่อง การเสริมสร้างความรู้ ความเข้าใจในการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ \(title2564) ของสำนักงานเลขาธิการสภาผู้แทนราษฎรขึ้น เพื่อบรรยายให้ความรู้ ชี้แจง และตอบประเด็นข้อซักถาม โดยที่ปรึกษาโครงการประเมินผลการปฏิบัติราชการฯ และผู้ทรงคุณวุฒิ"
        ]
        doc.objectives = [
            "เพื่อให้บุคลากรมีความรู้ ความเข้าใจ มีส่วนร่วมรับรู้ รับทราบเจตนารมณ์ กรอบทิศทางในการจัดทำ การนำตัวชี้วัดในคำรับรองการปฏิบัติราชการ \(title2564) ไปปฏิบัติ และการติดตามประเมินผลตัวชี้วัดให้เป็นไปในทิศทางเดียวกัน",
            "เพื่อให้การปฏิบัติงานตามตัวชี้วัดในคำรับรองการปฏิบัติราชการ \(title2564) บรรลุผลสำเร็จตามเป้าหมายและกรอบระยะเวลาที่กำหนดไว้",
            "เพื่อให้มีการแลกเปลี่ยนความคิดเห็นร่วมกันของผู้ปฏิบัติเพื่อนำไปสู่การพิจารณาประเด็นปัญหา/อุปสรรคในการดำเนินงาน เสนอแนะแนวทางแก้ปัญหา และเสนอกรอบทิศทางการจัดทำกรอบการประเมิน และตัวชี้วัดผลสำเร็จการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2565",
            "เพื่อเสริมสร้างวัฒนธรรมองค์กร และให้บุคลากรร่วมมือร่วมใจในการปฏิบัติงานให้มุ่งไปสู่เป้าหมายสูงสุดขององค์กร",
            "เพื่อเสริมสร้างความรู้ ความเข้าใจเกี่ยวกับมาตรฐานความโปร่งใสของส่วนราชการสังกัดรัฐสภา เกณฑ์มาตรฐานความโปร่งใส แนวทางการดำเนินการตามเกณฑ์มาตรฐานความโปร่งใส"
        ]
        doc.goals = [
            "ผู้เข้าร่วมสัมมนามีความรู้ ความเข้าใจเกี่ยวกับเจตนารมณ์ และกรอบทิศทางในการจัดทำ การนำตัวชี้วัดในคำรับรองการปฏิบัติราชการ \(title2564) ไปปฏิบัติ และการติดตาม ประเมินผลตัวชี้วัดให้ถูกต้องและเป็นไปในทิศทางเดียวกัน",
            "การปฏิบัติงานตามตัวชี้วัดในคำรับรองการปฏิบัติราชการ \(title2564) บรรลุผลสำเร็จตามเป้าหมายและกรอบระยะเวลาที่กำหนดไว้ เมื่อสิ้นปีงบประมาณ"
        ]
        let responsible = "สำนักนโยบายและแผน"
        let subItems: [(String, Int64)] = [
            ("CSR", 200_000), ("Green office", 400_000), ("นวัตกรรม", 400_000), ("Strong", 300_000),
            ("KM", 200_000), ("แผนบริหารความต่อเนื่อง (Business Continuity Management : BCM)", 200_000)
        ]
        doc.activities = [
            Activity(
                number: 1, title: "การเสริมสร้างความรู้ ความเข้าใจในการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ (ภาพรวมองค์กร) \(title2564)",
                schedule: "จำนวน 1 วัน ในไตรมาสที่ 1", days: 1, timeFrom: "08.30", timeTo: "16.00", place: "โรงแรมในเขตกรุงเทพฯ",
                budget: Baht(baht: 400_000), responsibleUnit: responsible),
            Activity(
                number: 2, title: "การเร่งรัดดำเนินการตามคำรับรองการปฏิบัติราชการ \(title2564) ตัวชี้วัดมิติที่ 1 - 4",
                schedule: "จำนวน 1 วัน ในเดือนสิงหาคม 2564", days: 1, timeFrom: "08.30", timeTo: "16.00", place: "โรงแรมในเขตกรุงเทพฯ",
                budget: Baht(baht: 350_000), responsibleUnit: responsible),
            Activity(
                number: 3,
                title:
                    "การจัดสรรรางวัล/สิ่งจูงใจ อันเกิดจากผลการปฏิบัติราชการดีเด่นตามระบบบริหารผลการปฏิบัติราชการ และระบบการประเมินผลการปฏิบัติราชการตามยุทธศาสตร์ของส่วนราชการสังกัดรัฐสภา ประจำปีงบประมาณ พ.ศ. 2563 (โล่รางวัล)",
                schedule: "จำนวน 0.5 วัน ในเดือนมิถุนายน 2564", days: Decimal(string: "0.5"), timeFrom: "08.30", timeTo: "12.00", place: "อาคารรัฐสภา",
                budget: Baht(baht: 50_000), responsibleUnit: responsible),
            Activity(
                number: 4, title: "กิจกรรมขับเคลื่อนการดำเนินงานตัวชี้วัดตามคำรับรองการปฏิบัติราชการ ฯ",
                schedule:
                    "ประกอบด้วย CSR, Green office, นวัตกรรม, Strong, การจัดการความรู้ (Knowledge Management : KM) และแผนบริหารความต่อเนื่อง (Business Continuity Management : BCM) ระยะเวลาการดำเนินการ สถานที่ ขึ้นอยู่กับแผนของแต่ละกิจกรรม ในปีงบประมาณ พ.ศ. 2564",
                budget: Baht(baht: 1_700_000), subItems: subItems.map { SubItem(name: $0.0, budget: Baht(baht: $0.1)) },
                responsibleUnit: "หน่วยงานที่เกี่ยวข้อง")
        ]
        func seminarGroup(_ activity: Int, _ description: String) -> TargetGroup {
            TargetGroup(
                activity: activity, description: description, statedTotal: 330,
                categories: [
                    TargetCategory(
                        name: "ผู้บริหารของสำนักงานเลขาธิการสภาผู้แทนราษฎร",
                        members: [
                            TargetMember(name: "เลขาธิการสภาผู้แทนราษฎร", count: 1),
                            TargetMember(name: "รองเลขาธิการสภาผู้แทนราษฎร", count: 8),
                            TargetMember(name: "ข้าราชการที่ดำรงตำแหน่งที่ปรึกษา", count: 9),
                            TargetMember(name: "ผู้อำนวยการสำนัก", count: 22),
                            TargetMember(name: "ผู้บังคับบัญชาในกลุ่ม/กลุ่มงานขึ้นตรง", count: 143)
                        ]),
                    TargetCategory(
                        name:
                            "บุคลากรของสำนักงานเลขาธิการสภาผู้แทนราษฎรที่ได้รับการแต่งตั้งเป็นคณะทำงาน/ ผู้รับผิดชอบที่เกี่ยวข้องกับการปฏิบัติราชการตามตัวชี้วัดระดับองค์กร และระดับสำนัก ประกอบด้วย สำนัก/กลุ่ม/กลุ่มงานละ หน่วยงานละ 5 คน",
                        count: 120),
                    TargetCategory(name: "ข้าราชการสำนักนโยบายและแผน", count: 27)
                ])
        }
        doc.targetGroups = [
            seminarGroup(1, "บุคลากรสำนักงานเลขาธิการสภาผู้แทนราษฎร"),
            seminarGroup(2, "บุคลากรของสำนักงานเลขาธิการสภาผู้แทนราษฎร"),
            TargetGroup(
                activity: 3, description: "บุคลากรของสำนักงานเลขาธิการสภาผู้แทนราษฎร", statedTotal: 130,
                categories: [
                    TargetCategory(
                        name: "หน่วยงานที่มีผลการปฏิบัติราชการดีเด่น จำแนกตามประเภทรางวัลดังนี้",
                        members: [
                            TargetMember(name: "หน่วยงานที่มีผลการปฏิบัติราชการดีเด่น", count: 15, note: "(หน่วยงานที่รับผิดชอบตัวชี้วัดที่มีน้ำหนักรวมมากกว่า 5 คะแนน)"),
                            TargetMember(name: "หน่วยงานที่มีผลการปฏิบัติราชการดีเด่น", count: 15, note: "(หน่วยงานที่รับผิดชอบตัวชี้วัดที่มีน้ำหนักรวมระหว่าง 1 - 5 คะแนน)"),
                            TargetMember(name: "หน่วยงานที่ให้การส่งเสริม สนับสนุน ผลการปฏิบัติราชการดีเด่น", count: 25)
                        ]),
                    TargetCategory(name: "ผู้บริหารของสำนักงานเลขาธิการสภาผู้แทนราษฎร", count: 45),
                    TargetCategory(name: "ข้าราชการสำนักนโยบายและแผน และสำนักงานเลขานุการ ก.ร.", count: 30)
                ]),
            TargetGroup(
                activity: 4, description: "ผู้บริหาร และบุคลากรของสำนักงานเลขาธิการสภาผู้แทนราษฎรที่ได้รับการแต่งตั้งเป็นคณะกรรมการ/อนุกรรมการ/คณะทำงาน/ผู้รับผิดชอบที่เกี่ยวข้อง และบุคลากรสำนักนโยบายและแผน")
        ]
        doc.topics = [
            "กรอบทิศทางการดำเนินงานตามคำรับรองการปฏิบัติราชการ \(title2564)",
            "แนวทางการติดตามประเมินผล ตัวชี้วัด และการรายงานผลการดำเนินงานตามตัวชี้วัดที่ถูกต้อง",
            "รายละเอียดขั้นตอนการดำเนินงานตามตัวชี้วัดในมิติที่ 1-4",
            "ทบทวนผลการดำเนินงาน รอบ 10 เดือน พิจารณาประเด็นปัญหา/อุปสรรคในการดำเนินงาน เสนอแนะแนวทางแก้ไขปัญหา เพื่อเป็นแนวทางในการจัดทำตัวชี้วัดตามคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2565 และเสนอกรอบทิศทางการจัดทำตัวชี้วัดตามคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2565",
            "แนวทางดำเนินการตามมาตรฐานความโปร่งใสของส่วนราชการสังกัดรัฐสภา พ.ศ. 2564"
        ]
        doc.methods = ["การบรรยาย/การอภิปราย/ศึกษาดูงาน", "การตอบข้อซักถาม/การแลกเปลี่ยนความคิดเห็นร่วมกัน"]
        doc.speakers = [
            "อ.ก.ร. ประเมินประสิทธิภาพและประสิทธิผลของงานราชการของรัฐสภา และคณะกรรมการพิจารณากำหนดกรอบตัวชี้วัด น้ำหนัก เป้าหมาย เกณฑ์การให้คะแนนตัวชี้วัด ของส่วนราชการสังกัดรัฐสภา \(title2564)",
            "นางสาวศุภพรีรัตน์ สุขพุ่ม ผู้อำนวยการสำนักงานเลขานุการ ก.ร.",
            "ผู้บริหาร/คณะกรรมการ/คณะอนุกรรมการ/คณะทำงานที่เกี่ยวข้อง"
        ]
        // §5: the form's four-year window, money only in 2564.
        doc.budgetByYear =
            [2561, 2562, 2563].map { BudgetYear(fiscalYear: FiscalYear(beYear: $0)) }
            + [BudgetYear(fiscalYear: fy, inBudget: Baht(baht: 2_500_000), total: Baht(baht: 2_500_000))]
        doc.outputTargets = [
            OutputTarget(activity: 1, unit: "ตัวชี้วัด", plans: [YearPlan(fiscalYear: fy, plan: 13)]),
            OutputTarget(activity: 2, unit: "ตัวชี้วัด", plans: [YearPlan(fiscalYear: fy, plan: 13)]),
            OutputTarget(activity: 3, unit: "โล่รางวัล", plans: [YearPlan(fiscalYear: fy, plan: 12)]),
            OutputTarget(
                activity: 4, work: "CSR, Green office, นวัตกรรม, Strong, KM, แผนบริหารความต่อเนื่อง (BCM)", unit: "ตัวชี้วัด",
                plans: [YearPlan(fiscalYear: fy, plan: 6)])
        ]
        // §7 lists the category tree without amounts in the seed; no expense lines.
        doc.expectedResults = [
            "บุคลากรมีความรู้ ความเข้าใจ มีส่วนร่วมรับรู้ รับทราบเจตนารมณ์ กรอบทิศทาง ในการจัดทำ การนำตัวชี้วัดในคำรับรองการปฏิบัติราชการ \(title2564) ไปปฏิบัติ และการติดตามประเมินผลตัวชี้วัดให้เป็นไปในทิศทางเดียวกัน",
            "บุคลากรมีความรู้ ความเข้าใจเกี่ยวกับมาตรฐานความโปร่งใสของส่วนราชการสังกัด รัฐสภา เกณฑ์มาตรฐานความโปร่งใส แนวทางการดำเนินการตามเกณฑ์มาตรฐานความโปร่งใส",
            "การปฏิบัติงานตามตัวชี้วัดในคำรับรองการปฏิบัติราชการ \(title2564) บรรลุผลสำเร็จตามเป้าหมายและกรอบระยะเวลาที่กำหนดไว้",
            "บุคลากรได้แลกเปลี่ยนเรียนรู้ร่วมกัน เกิดวัฒนธรรมองค์กร และบุคลากรมีความร่วมมือ ร่วมใจในการปฏิบัติงานให้มุ่งไปสู่เป้าหมายสูงสุดขององค์กร"
        ]
        doc.indicators = [
            Indicator(
                kind: .quantitative, description: "จำนวนผู้เข้าร่วมสัมมนาไม่น้อยกว่าร้อยละ 80 (ค่าเป้าหมาย ร้อยละ 80)",
                comparator: .atLeast, target: 80, unit: "ร้อยละ", source: .attendance(activities: [1, 2])),
            Indicator(
                kind: .quantitative,
                description: "ผู้เข้าร่วมสัมมนาไม่น้อยกว่าร้อยละ 80 มีความรู้ ความเข้าใจและรับทราบเจตนารมณ์ กรอบทิศทางในการจัดทำ การนำตัวชี้วัดในคำรับรองการปฏิบัติราชการ \(title2564) ไปปฏิบัติ",
                comparator: .atLeast, target: 80, unit: "ร้อยละ", source: .questionnaire(activity: 1, question: 1, minScore: 4)),
            Indicator(
                kind: .qualitative, description: "ร้อยละความสำเร็จในการเร่งรัดติดตามผลการดำเนินงานตามคำรับรองการปฏิบัติราชการ \(title2564) (ค่าเป้าหมาย ร้อยละ 80) โดยจะต้องมีผลผลิต/ผลลัพธ์ ดังนี้",
                details: [
                    "รายงานผลการดำเนินงานตามคำรับรองการปฏิบัติราชการ \(title2564) ณ ปัจจุบัน (รอบ 6 เดือน, 9 เดือน และ 12 เดือน) พร้อมปัญหาและอุปสรรคในการดำเนินงาน",
                    "ข้อเสนอการจัดทำตัวชี้วัด ประจำปีงบประมาณ พ.ศ. 2565",
                    "รายงานผลการประเมินและข้อเสนอแนะตามกิจกรรมในโครงการฯ เสนอ เลขาธิการสภาผู้แทนราษฎรเห็นชอบ"
                ], comparator: .atLeast, target: 80, unit: "ร้อยละ"),
            Indicator(
                kind: .qualitative,
                description: "ความสำเร็จของการบรรลุตามเป้าหมายตามคำรับรองการปฏิบัติราชการ \(title2564) (ค่าเป้าหมายตามแผนปฏิบัติราชการสำนักงานเลขาธิการสภาผู้แทนราษฎร พ.ศ. 2563-2565) ประกอบด้วย",
                subIndicators: [
                    Indicator(
                        kind: .qualitative, description: "ร้อยละความสำเร็จในการบรรลุเป้าหมายตามแผนปฏิบัติราชการสำนักงาน เลขาธิการสภาผู้แทนราษฎร (ค่าเป้าหมาย ร้อยละ 80)",
                        comparator: .atLeast, target: 80, unit: "ร้อยละ"),
                    Indicator(
                        kind: .qualitative, description: "ร้อยละความสำเร็จของการประเมินผลลัพธ์และความคุ้มค่าของโครงการสำคัญ ตามยุทธศาสตร์ของส่วนราชการ (ค่าเป้าหมาย ร้อยละ 80)",
                        comparator: .atLeast, target: 80, unit: "ร้อยละ")
                ])
        ]
        doc.evaluationMethods = ["ประเมินผลโดยใช้แบบสอบถามผู้เข้าร่วมโครงการ", "สรุปประมวลผลข้อมูลและจัดทำรายงานผลการประเมิน เสนอเลขาธิการสภาผู้แทนราษฎร"]
        // §11 as the seed's table places them: activity 1 in Q2 (its §4 text says ไตรมาสที่ 1),
        // activity 2 in Q4 (August), activity 3 in Q3 (June), activity 4 and its six parts in Q4.
        doc.quarterPlan =
            [
                QuarterPlanRow(activity: 1, fiscalYear: fy, quarter: 2, output: 13, budget: Baht(baht: 400_000)),
                QuarterPlanRow(activity: 2, fiscalYear: fy, quarter: 4, output: 13, budget: Baht(baht: 350_000)),
                QuarterPlanRow(activity: 3, fiscalYear: fy, quarter: 3, output: 12, budget: Baht(baht: 50_000)),
                QuarterPlanRow(activity: 4, fiscalYear: fy, quarter: 4, output: 6, budget: Baht(baht: 1_700_000))
            ] + subItems.enumerated().map { QuarterPlanRow(activity: 4, subItem: $0.offset + 1, fiscalYear: fy, quarter: 4, budget: Baht(baht: $0.element.1)) }
        doc.attachments = [
            "คุณลักษณะเฉพาะของครุภัณฑ์ (Specification)",
            "รูปแบบรายการ หรือแบบพิมพ์เขียว (Blue Print) ในการก่อสร้าง",
            "ร่างขอบเขตของงาน (Terms Of Reference : TOR)",
            "เอกสารประกอบอื่น ๆ (ถ้ามี)"
        ]
        let position = "นักวิเคราะห์นโยบายและแผนชำนาญการ"
        let phone = "02 242 5900 ต่อ 7351"
        doc.authors = [
            Author(name: "นางสาวเปรมฤดี แทนมาลา", position: position, phone: phone),
            Author(name: "นางสาวเกตน์สิรี สุนทรานุรักษ์", position: position, phone: phone)
        ]
        doc.responsibleUnits = ["สำนักนโยบายและแผนร่วมกับสำนักพัฒนาบุคลากร หน่วยงานที่เกี่ยวข้อง และ คณะกรรมการ/คณะอนุกรรมการที่เกี่ยวข้อง"]
        return doc
    }

    /// Demo figures for the 6-month round (Q1–Q2 of FY 2564): activity 1 was held in Q2.
    static var sixMonthReport: ProgressReportData {
        ProgressReportData(
            actuals: [ActualRow(activity: 1, quarter: 2, output: 13, spent: Baht(satang: 38_645_000))],
            indicatorResults: [EnteredResult(path: "L2.1", actual: Decimal(string: "82.5")!, note: "ผลสะสม ณ รอบ 6 เดือน")],
            problems: [
                "สถานการณ์การแพร่ระบาดของโรคติดเชื้อไวรัสโคโรนา 2019 ทำให้ต้องจำกัดจำนวนผู้เข้าร่วมในห้องสัมมนา",
                "หน่วยงานบางแห่งส่งรายงานผลการดำเนินงานตามตัวชี้วัดล่าช้ากว่ากำหนด"
            ],
            suggestions: [
                "ถ่ายทอดสดการสัมมนาผ่านระบบออนไลน์ควบคู่กับการจัดในสถานที่",
                "แจ้งเตือนกำหนดส่งรายงานรอบ 9 เดือนล่วงหน้าอย่างน้อย 2 สัปดาห์"
            ],
            summary: "ข้อมูลตัวอย่าง (demo): จัดกิจกรรมที่ 1 แล้วในไตรมาสที่ 2 มีผู้เข้าร่วม 297 คน จากกลุ่มเป้าหมาย 330 คน ใช้จ่าย 386,450 บาท จากแผน 400,000 บาท กิจกรรมที่ 2–4 อยู่ในแผนไตรมาสที่ 3–4")
    }

    static let questions: [QuestionnaireQuestion] = [
        QuestionnaireQuestion(kind: .likert, text: "ท่านมีความรู้ ความเข้าใจเจตนารมณ์และกรอบทิศทางการนำตัวชี้วัดตามคำรับรองการปฏิบัติราชการไปปฏิบัติ"),
        QuestionnaireQuestion(kind: .likert, text: "ท่านสามารถนำความรู้ที่ได้รับไปใช้ในการติดตามประเมินผลตัวชี้วัดได้"),
        QuestionnaireQuestion(kind: .likert, text: "ความพึงพอใจต่อวิทยากรและการจัดสัมมนาโดยรวม"),
        QuestionnaireQuestion(kind: .choice, text: "สถานะของท่าน", choices: ["ผู้บริหาร", "คณะทำงาน/ผู้รับผิดชอบตัวชี้วัด", "ข้าราชการสำนักนโยบายและแผน"]),
        QuestionnaireQuestion(kind: .text, text: "ข้อเสนอแนะเพิ่มเติม", required: false)
    ]

    /// Adds the seed project, its fiscal year and a filled, approved 6-month round. Called once
    /// from `DemoSeeder.seed()` after the agency, units and users exist.
    static func seed(_ app: Application) async throws {
        guard let planner = try await User.query(on: app.db).filter(\.$username == "planner").first(),
            let head = try await User.query(on: app.db).filter(\.$username == "strategyhead").first(),
            let unitID = planner.$unit.id
        else { return }
        let plannerID = try planner.requireID()
        let headID = try head.requireID()
        let document = PlansDemo.document
        let actor = AuditActor.system("seed-demo")
        let start = Date(timeIntervalSince1970: 1_601_485_200)  // 2020-10-01 Bangkok
        try await app.writer.write { tx in
            let current = FiscalYear.containing(app.clock.now())
            for year in Set([fiscalYear.beYear, current.beYear]).sorted() {
                try await PlanFiscalYear(beYear: year, planTitle: "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. \(year)").create(on: tx.db)
            }
            let strategy = PlanStrategy(beYear: fiscalYear.beYear, code: "4", nameTh: "การพัฒนาองค์กรสู่ความเป็นเลิศ (ตัวอย่าง)", position: 1)
            try await strategy.create(on: tx.db)
            let project = PlanProject()
            project.id = UUID()
            project.$unit.id = unitID
            project.strategyID = strategy.id
            project.state = .active
            project.createdBy = plannerID
            project.submittedBy = plannerID
            project.submittedAt = start
            project.approvedBy = headID
            project.approvedAt = start.addingTimeInterval(86_400)
            project.store(document, tree: .standard)
            try await project.create(on: tx.db)
            let projectID = try project.requireID()
            try await app.audit.record(
                AuditEvent(
                    .projectCreated, entityType: "project", entityID: projectID.uuidString,
                    details: ["title": project.title, "demo": "seed 2"]), by: actor, in: tx)

            let round = PlanRound(projectID: projectID, fiscalYear: fiscalYear, kind: .m6)
            round.dataJSON = PlanJSON.encode(sixMonthReport)
            round.state = .approved
            round.submittedBy = plannerID
            round.submittedAt = Date(timeIntervalSince1970: 1_617_771_600)  // 2021-04-07
            round.approvedBy = headID
            round.approvedAt = Date(timeIntervalSince1970: 1_618_203_600)  // 2021-04-12
            try await round.create(on: tx.db)

            // 297 of activity 1's 330 people came (90 %), by unit; no names are invented.
            let units = ["สำนักนโยบายและแผน", "สำนักพัฒนาบุคลากร", "สำนักการประชุม", "สำนักกฎหมาย", "สำนักงานเลขานุการ ก.ร.", "สำนักบริหารงานกลาง"]
            for index in 0..<297 {
                let person = PlanAttendee()
                person.$project.id = projectID
                person.activity = 1
                person.name = "ผู้เข้าร่วมสัมมนา ลำดับที่ \(index + 1)"
                person.organisation = units[index % units.count]
                person.position = ""
                person.source = "csv"
                person.present = true
                person.recordedBy = plannerID
                person.recordedAt = start
                try await person.create(on: tx.db)
            }

            let questionnaire = PlanQuestionnaire()
            questionnaire.$project.id = projectID
            questionnaire.activity = 1
            questionnaire.title = "แบบประเมินผลการสัมมนา กิจกรรมที่ 1"
            questionnaire.token = QuestionnairePages.newToken()
            questionnaire.questionsJSON = PlanJSON.encode(questions)
            questionnaire.pdpaNotice = PlansText.defaultPDPANotice
            questionnaire.isOpen = false
            questionnaire.createdBy = plannerID
            try await questionnaire.create(on: tx.db)
            // 250 answers; question 1 rated 4–5 by 225 (90 %).
            let firstScores = Array(repeating: 5, count: 95) + Array(repeating: 4, count: 130) + Array(repeating: 3, count: 22) + Array(repeating: 2, count: 3)
            for (index, score) in firstScores.enumerated() {
                let response = PlanResponse()
                response.$questionnaire.id = try questionnaire.requireID()
                response.sessionHash = SHA256.hash(data: Data("demo-\(index)".utf8)).map { String(format: "%02x", $0) }.joined()
                response.answersJSON = PlanJSON.encode([
                    QuestionnaireAnswer(question: 1, score: score),
                    QuestionnaireAnswer(question: 2, score: [5, 4, 4, 3][index % 4]),
                    QuestionnaireAnswer(question: 3, score: [5, 5, 4][index % 3]),
                    QuestionnaireAnswer(question: 4, choice: index < 183 ? 0 : (index < 230 ? 1 : 2))
                ])
                response.submittedAt = start
                try await response.create(on: tx.db)
            }
            try await app.audit.record(
                AuditEvent(
                    .roundApproved, entityType: "round", entityID: round.id?.uuidString,
                    details: ["project": projectID.uuidString, "round": "2564/m6", "demo": "seed 2"]), by: actor, in: tx)
        }
    }
}
