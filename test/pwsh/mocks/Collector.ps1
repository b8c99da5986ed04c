# What the SinkGuard collector calls on Windows, for pwsh on Linux: reg.exe export (writing the bytes a real export
# of that key gives, from $global:SgExports: lower-cased key -> base64), refusing the keys in $global:SgDenied
# (lower-cased key -> message) as reg.exe refuses a key it may not read; and Get-CimInstance for the two classes it
# reads ($global:SgCim: class name -> object). Replaces Registry.ps1's reg.exe, which writes placeholders.
. (Join-Path $PSScriptRoot 'Recorder.ps1')

function reg.exe {
    $arguments = [string[]]@($args)
    $global:SgCalls.Add([pscustomobject]@{ Command = 'reg.exe'; Parameters = [ordered]@{ Arguments = $arguments } })
    $global:LASTEXITCODE = 1
    if ($arguments.Count -ne 5 -or $arguments[0] -ne 'export' -or $arguments[3] -ne '/y' -or $arguments[4] -ne '/reg:64') {
        Write-Output 'ERROR: Invalid syntax.'
        return
    }
    $key = $arguments[1].ToLowerInvariant()
    if ($global:SgDenied.Contains($key)) { Write-Output $global:SgDenied[$key]; return }
    if (-not $global:SgExports.Contains($key)) {
        Write-Output 'ERROR: The system was unable to find the specified registry key or value.'
        return
    }
    [System.IO.File]::WriteAllBytes($arguments[2], [System.Convert]::FromBase64String($global:SgExports[$key]))
    Write-Output 'The operation completed successfully.'
    $global:LASTEXITCODE = 0
}

function Get-CimInstance {
    param([Parameter(Mandatory)][string]$ClassName)
    $global:SgCalls.Add([pscustomobject]@{ Command = 'Get-CimInstance'; Parameters = [ordered]@{ ClassName = $ClassName } })
    if (-not $global:SgCim.Contains($ClassName)) { throw "Get-CimInstance: no mock for $ClassName" }
    return $global:SgCim[$ClassName]
}
