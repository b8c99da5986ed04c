# Constructs of PowerShell 6/7 that Windows PowerShell 5.1 does not have, found with pwsh's own parser: each as
# 'what (line N)'. 5.1 fails to parse the syntax ones and fails at run time on the cmdlet parameters.
using namespace System.Management.Automation.Language

$script:NewerParameters = @{
    'ForEach-Object' = @('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace')
    'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
    'ConvertTo-Json' = @('AsArray', 'EscapeHandling', 'EnumsAsStrings')
    'Join-Path' = @('AdditionalChildPath', 'Extension')
    'Get-Content' = @('AsByteStream')
    'Set-Content' = @('AsByteStream', 'NoNewline')
    'Select-Object' = @('SkipIndex', 'CaseInsensitive')
    'Sort-Object' = @('Top', 'Bottom', 'Stable')
    'Invoke-WebRequest' = @('SkipCertificateCheck')
    'Split-Path' = @('LeafBase', 'Extension')
}
$script:NewerCommands = @('Get-Error', 'Join-String', 'Test-Json', 'Start-ThreadJob', 'Get-Uptime', 'Remove-Alias', 'ConvertTo-CliXml', 'ConvertFrom-Markdown')
$script:NewerEncodings = @('utf8BOM', 'utf8NoBOM', 'ansi')

function Find-SgNewerThan51([string]$Script) {
    $tokens = $null; $errors = $null
    $ast = [Parser]::ParseInput($Script, [ref]$tokens, [ref]$errors)
    $found = [System.Collections.Generic.List[string]]::new()
    foreach ($err in $errors) { $found.Add("parse error: $($err.Message) (line $($err.Extent.StartLineNumber))") }
    $add = { param($what, $node) $found.Add("$what (line $($node.Extent.StartLineNumber))") }
    $nodes = $ast.FindAll({ $true }, $true)
    foreach ($node in $nodes) {
        switch ($node) {
            { $_ -is [TernaryExpressionAst] } { & $add 'ternary ?:' $node }
            { $_ -is [PipelineChainAst] } { & $add 'pipeline chain && / ||' $node }
            { $_ -is [BinaryExpressionAst] -and $_.Operator -eq 'QuestionQuestion' } { & $add 'null-coalescing ??' $node }
            { $_ -is [AssignmentStatementAst] -and $_.Operator -eq 'QuestionQuestionEquals' } { & $add 'null-coalescing assignment ??=' $node }
            { $_ -is [MemberExpressionAst] -and $_.NullConditional } { & $add 'null-conditional ?.' $node }
            { $_ -is [IndexExpressionAst] -and $_.NullConditional } { & $add 'null-conditional ?[]' $node }
            { $_ -is [PipelineAst] -and $_.Background } { & $add 'background operator &' $node }
            { $_ -is [ScriptBlockAst] -and $null -ne $_.CleanBlock } { & $add 'clean block' $node }
            { $_ -is [BinaryExpressionAst] -and $_.Operator -in 'Ireplace', 'Creplace', 'Replace' -and $_.Right -is [ArrayLiteralAst] -and
                @($_.Right.Elements | Where-Object { $_ -is [ScriptBlockExpressionAst] }).Count -gt 0 } { & $add '-replace with a script block' $node }
            { $_ -is [ConstantExpressionAst] -and $_.Extent.Text -match '^(0x)?[0-9a-f]+(u|ul|us|uy|s|y|n)$' } { & $add 'numeric literal suffix' $node }
            { $_ -is [StringConstantExpressionAst] -and $_.StringConstantType -eq 'DoubleQuoted' -and $_.Extent.Text -match '`u\{' } { & $add 'unicode escape `u{}' $node }
            { $_ -is [ExpandableStringExpressionAst] -and $_.Extent.Text -match '`u\{' } { & $add 'unicode escape `u{}' $node }
            { $_ -is [CommandAst] } {
                $name = $_.GetCommandName()
                if ($name -eq '%' -or $name -eq 'foreach') { $name = 'ForEach-Object' }
                if ($script:NewerCommands -contains $name) { & $add "command $name" $node }
                $parameters = @($script:NewerParameters[[string]$name])
                foreach ($element in $_.CommandElements) {
                    if ($element -is [CommandParameterAst]) {
                        if ($parameters -contains $element.ParameterName) { & $add "$name -$($element.ParameterName)" $node }
                    } elseif ($element -is [StringConstantExpressionAst] -and $script:NewerEncodings -contains $element.Value) {
                        & $add "encoding $($element.Value)" $node
                    }
                }
            }
        }
    }
    return $found.ToArray()
}

function Get-SgRequiredVersion([string]$Script) {
    $tokens = $null; $errors = $null
    $ast = [Parser]::ParseInput($Script, [ref]$tokens, [ref]$errors)
    return [string]$ast.ScriptRequirements.RequiredPSVersion
}

# The script's code as pwsh tokenizes it: comments left out (and the line breaks they leave, runs of them as one),
# the base64 data literal as <data>. Two profiles' scripts run the same code exactly when these are equal (profile
# text only in comments and the data).
function Get-SgCodeTokens([string]$Script) {
    $tokens = $null; $errors = $null
    [Parser]::ParseInput($Script, [ref]$tokens, [ref]$errors) | Out-Null
    $code = [System.Collections.Generic.List[string]]::new()
    foreach ($token in $tokens) {
        if ($token.Kind -eq 'Comment') { continue }
        if ($token.Kind -eq 'NewLine') { if ($code.Count -gt 0 -and $code[$code.Count - 1] -eq 'NewLine') { continue }; $code.Add('NewLine'); continue }
        if ($token.Kind -eq 'StringLiteral' -and $token.Text -match "^'[A-Za-z0-9+/=]{200,}'$") { $code.Add('data') }
        else { $code.Add(('{0} {1}' -f $token.Kind, $token.Text)) }
    }
    return $code.ToArray()
}
