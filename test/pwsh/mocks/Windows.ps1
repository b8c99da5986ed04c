# Stand-ins for what only Windows has, beyond NetSecurity: Start-Process -Verb RunAs (the UseShellExecute parameter
# set exists only on Windows), Get-Acl and Set-Acl (Windows ACLs), and icacls.exe. The cmdlets are declared with the
# parameter sets of Microsoft's documentation; icacls.exe checks its arguments against the grammar `icacls /?`
# documents for the forms SinkGuard uses (/inheritance, /grant[:r], /setowner). Every call is recorded.
. (Join-Path $PSScriptRoot 'Recorder.ps1')

function Start-Process {
    [CmdletBinding(DefaultParameterSetName = 'Default')]
    param(
        [Parameter(Mandatory, Position = 0)][Alias('PSPath', 'Path')][string]$FilePath,
        [Parameter(Position = 1)][Alias('Args')][string[]]$ArgumentList,
        [Parameter(ParameterSetName = 'Default')][pscredential]$Credential,
        [string]$WorkingDirectory,
        [Parameter(ParameterSetName = 'Default')][switch]$LoadUserProfile,
        [Parameter(ParameterSetName = 'Default')][switch]$NoNewWindow,
        [switch]$PassThru,
        [Parameter(ParameterSetName = 'Default')][string]$RedirectStandardError,
        [Parameter(ParameterSetName = 'Default')][string]$RedirectStandardInput,
        [Parameter(ParameterSetName = 'Default')][string]$RedirectStandardOutput,
        [Parameter(ParameterSetName = 'UseShellExecute')][string]$Verb,
        [System.Diagnostics.ProcessWindowStyle]$WindowStyle,
        [switch]$Wait,
        [Parameter(ParameterSetName = 'Default')][switch]$UseNewEnvironment,
        [Parameter(ParameterSetName = 'Default')][hashtable]$Environment
    )
    Add-SgCall 'Start-Process' $PSBoundParameters
}

# Folder -> SDDL, as Get-Acl reads it.
$global:SgAcls = @{}

function Get-Acl {
    [CmdletBinding(DefaultParameterSetName = 'ByPath')]
    param(
        [Parameter(ParameterSetName = 'ByPath', Position = 0, ValueFromPipeline)][string[]]$Path,
        [Parameter(ParameterSetName = 'ByInputObject', Mandatory)][psobject]$InputObject,
        [Parameter(ParameterSetName = 'ByLiteralPath', Mandatory)][Alias('PSPath', 'LP')][string[]]$LiteralPath,
        [switch]$Audit,
        [switch]$AllCentralAccessPolicies,
        [string]$Filter, [string[]]$Include, [string[]]$Exclude
    )
    Add-SgCall 'Get-Acl' $PSBoundParameters
    if ($PSCmdlet.ParameterSetName -ne 'ByLiteralPath') { throw 'the mock implements Get-Acl -LiteralPath only' }
    foreach ($one in $LiteralPath) {
        if (-not $global:SgAcls.ContainsKey($one)) {
            Write-Error -Category ObjectNotFound -Message "Cannot find path '$one' because it does not exist."
            continue
        }
        [pscustomobject]@{ Path = $one; Sddl = $global:SgAcls[$one] }
    }
}

function Set-Acl {
    [CmdletBinding(DefaultParameterSetName = 'ByPath', SupportsShouldProcess)]
    param(
        [Parameter(ParameterSetName = 'ByPath', Mandatory, Position = 0)][string[]]$Path,
        [Parameter(ParameterSetName = 'ByInputObject', Mandatory)][psobject]$InputObject,
        [Parameter(ParameterSetName = 'ByLiteralPath', Mandatory)][Alias('PSPath', 'LP')][string[]]$LiteralPath,
        [Parameter(Mandatory, Position = 1, ValueFromPipeline)][object]$AclObject,
        [switch]$ClearCentralAccessPolicy,
        [switch]$Passthru,
        [string]$Filter, [string[]]$Include, [string[]]$Exclude
    )
    Add-SgCall 'Set-Acl' $PSBoundParameters
    foreach ($one in @($Path) + @($LiteralPath) | Where-Object { $_ }) { $global:SgAcls[$one] = $AclObject.Sddl }
}

function icacls.exe {
    $arguments = [string[]]@($args)
    $global:SgCalls.Add([pscustomobject]@{ Command = 'icacls.exe'; Parameters = [ordered]@{ Arguments = $arguments } })
    $global:LASTEXITCODE = 87
    if ($arguments.Count -lt 2) { return 'icacls: too few arguments' }
    for ($i = 1; $i -lt $arguments.Count; $i++) {
        $option = $arguments[$i]
        if ($option -cmatch '^/inheritance:[edr]$') { continue }
        $grant = '^(\*S-1-[0-9-]+|[^:*/][^:]*):(\((OI|CI|IO|NP|I)\))*(F|M|RX|R|W|D|\([A-Z,]+\))$'
        if ($option -cmatch '^/grant(:r)?$') {
            # /grant[:r] Sid:perm [Sid:perm ...]
            if ($i + 1 -ge $arguments.Count -or $arguments[$i + 1] -cnotmatch $grant) { return "icacls: /grant needs Sid:perm" }
            while ($i + 1 -lt $arguments.Count -and $arguments[$i + 1] -cmatch $grant) { $i++ }
            continue
        }
        if ($option -ceq '/setowner' -and $i + 1 -lt $arguments.Count) {
            if ($arguments[++$i] -cnotmatch '^(\*S-1-[0-9-]+|[^:*/]+)$') { return "icacls: invalid owner '$($arguments[$i])'" }
            continue
        }
        return "icacls: invalid parameter '$option'"
    }
    $global:LASTEXITCODE = 0
    'processed file: ' + $arguments[0]
}
Set-Alias -Name icacls -Value icacls.exe -Scope Global
