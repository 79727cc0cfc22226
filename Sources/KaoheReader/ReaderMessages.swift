/// Reader errors in Chinese, for the notes beside rejected workbooks and the audit sheet.
public enum ReaderMessages {
    public static func chinese(_ e: ReaderError) -> String {
        let part = e.part.map { "（部件 \($0)" + (e.offset.map { "，第 \($0) 字节" } ?? "") + "）" } ?? ""
        switch e.kind {
        case .fileNotFound: return "文件不存在或无法打开"
        case .notAZip: return "不是 .xlsx 工作簿（文件不是 zip 格式），请用 Excel 或 WPS 另存为 .xlsx 后重新报送"
        case .truncated: return "文件不完整或已损坏\(part)，请重新报送"
        case .encrypted: return "工作簿设置了密码（已加密），请取消密码后另存为 .xlsx 重新报送"
        case .legacyXLS: return "这是旧版 Excel 97–2003 工作簿（.xls），请另存为 .xlsx 后重新报送"
        case .wpsET: return "这是 WPS 表格文件（.et），请另存为 .xlsx 后重新报送"
        case .missingWorkbook: return "文件中没有工作簿内容，不是 .xlsx 工作簿"
        case .missingPart: return "工作簿缺少组成部分\(part)，文件可能已损坏"
        case .malformedXML, .doctype: return "工作簿内容格式错误\(part)：\(e.message)"
        case .tooLarge: return "工作簿解压后过大\(part)，疑似异常文件，未处理"
        case .zipError: return "无法读取工作簿：\(e.message)"
        case .sheetNotFound: return "找不到指定的工作表：\(e.message)"
        case .cellTooLong:
            return "\(cell(e))的文字超过 Excel 允许的 \(ReaderLimits.default.maxCellCharacters) 个字符，请删减后重新报送"
        case .invalidCharacter: return "\(cell(e))含有空字符（U+0000），Excel 不允许，请删除后重新报送"
        case .tooMuchText where e.part?.contains("sharedStrings") == true:
            return "工作簿的共享文字表过大（超过 \(ReaderLimits.default.maxSharedStringBytes >> 20) MB 或 \(ReaderLimits.default.maxSharedStrings) 条，正常的考核表远小于此，疑似异常文件），未处理；请删去无关内容后另存为 .xlsx 再报送"
        case .tooMuchText: return "工作簿中的文字展开后过多（超过 \(ReaderLimits.default.maxExpandedText >> 20) MB，疑似异常文件），未处理"
        }
    }

    /// 工作表“Sheet1”单元格 C5
    static func cell(_ e: ReaderError) -> String {
        (e.sheet.map { "工作表“\($0)”" } ?? "") + (e.cell.map { "单元格 \($0) " } ?? "某个单元格")
    }
}
