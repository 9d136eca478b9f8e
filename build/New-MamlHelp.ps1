<#
.SYNOPSIS
    Writes MAML help (en-US/DeepStats.dll-help.xml) for the binary cmdlets of a built module.
.DESCRIPTION
    Binary cmdlets get help only from MAML. platyPS is not available offline, so this script builds
    it from what the code already says: the cmdlet and parameter attributes (read through
    Get-Command) and the XML doc comments of the command classes (DeepStats.xml beside the DLL):
    <para type="synopsis">, <para type="description">, and <example><code/><para/></example>.
    Run it in a fresh process: it imports the module.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

Import-Module (Join-Path $ModuleDir 'DeepStats.psd1') -Force
[xml] $docs = Get-Content -Raw (Join-Path $ModuleDir 'DeepStats.xml')
$members = @{}
foreach ($m in $docs.doc.members.member) { $members[$m.name] = $m }

function Text([System.Xml.XmlNode] $node) {
    if ($null -eq $node) { return '' }
    ($node.InnerText -replace '\s+', ' ').Trim()
}
function Para([System.Xml.XmlNode] $member, [string] $type) {
    if ($null -eq $member) { return '' }
    $p = $member.SelectSingleNode(".//para[@type='$type']")
    if ($null -ne $p) { return Text $p }
    return ''
}
function Esc([string] $s) { [System.Security.SecurityElement]::Escape($s) }
function TypeName([type] $t) {
    if ($t -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $u = [Nullable]::GetUnderlyingType($t)
    if ($null -ne $u) { return $u.Name }
    return $t.Name
}
function DefaultText([object] $instance, [string] $name) {
    $prop = $instance.GetType().GetProperty($name)
    if ($null -eq $prop) { return 'None' }
    $v = $prop.GetValue($instance)
    if ($null -eq $v) { return 'None' }
    if ($v -is [System.Management.Automation.SwitchParameter]) { return $(if ($v.IsPresent) { 'True' } else { 'False' }) }
    if ($v -is [array]) { return $(if ($v.Count) { ($v | ForEach-Object { [string]::Format([cultureinfo]::InvariantCulture, '{0}', $_) }) -join ',' } else { 'None' }) }
    return [string]::Format([cultureinfo]::InvariantCulture, '{0}', $v)
}
function ValueElement($p) {
    # a switch takes no value: no parameterValue element, so the syntax reads [-Name], not [-Name <SwitchParameter>]
    if ($p.ParameterType -eq [System.Management.Automation.SwitchParameter]) { return '' }
    "<command:parameterValue required=`"true`" variableLength=`"false`">$(TypeName $p.ParameterType)</command:parameterValue>"
}
function PipelineText($p) {
    $kinds = @()
    if ($p.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($p.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds.Count -eq 0) { return 'False' }
    return "True ($($kinds -join ', '))"
}

$common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name +
    [System.Management.Automation.Internal.ShouldProcessParameters].GetProperties().Name
$sb = [System.Text.StringBuilder]::new()
[void]$sb.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
[void]$sb.AppendLine('<helpItems schema="maml" xmlns="http://msh">')
$missing = @()
foreach ($cmd in Get-Command -Module DeepStats -CommandType Cmdlet | Sort-Object Name) {
    $type = $cmd.ImplementingType
    $instance = [Activator]::CreateInstance($type)   # to read each parameter's default value
    $doc = $members["T:$($type.FullName)"]
    $synopsis = Para $doc 'synopsis'
    $description = Para $doc 'description'
    $examples = if ($null -ne $doc) { @($doc.SelectNodes('example')) } else { @() }
    if (-not $synopsis -or $examples.Count -eq 0) { $missing += $cmd.Name }
    [void]$sb.AppendLine('<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">')
    [void]$sb.AppendLine("<command:details><command:name>$($cmd.Name)</command:name><command:verb>$($cmd.Verb)</command:verb><command:noun>$($cmd.Noun)</command:noun>")
    [void]$sb.AppendLine("<maml:description><maml:para>$(Esc $synopsis)</maml:para></maml:description></command:details>")
    [void]$sb.AppendLine("<maml:description><maml:para>$(Esc $description)</maml:para></maml:description>")

    $paramDoc = @{}
    [void]$sb.AppendLine('<command:syntax>')
    foreach ($set in $cmd.ParameterSets) {
        [void]$sb.AppendLine("<command:syntaxItem><maml:name>$($cmd.Name)</maml:name>")
        foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common }) {
            $pos = if ($p.Position -ge 0) { $p.Position } else { 'named' }
            [void]$sb.AppendLine("<command:parameter required=`"$($p.IsMandatory.ToString().ToLower())`" variableLength=`"true`" globbing=`"false`" pipelineInput=`"$(PipelineText $p)`" position=`"$pos`"><maml:name>$($p.Name)</maml:name>$(ValueElement $p)</command:parameter>")
            if (-not $paramDoc.ContainsKey($p.Name)) { $paramDoc[$p.Name] = $p }
        }
        [void]$sb.AppendLine('</command:syntaxItem>')
    }
    [void]$sb.AppendLine('</command:syntax>')

    [void]$sb.AppendLine('<command:parameters>')
    foreach ($name in $paramDoc.Keys | Sort-Object) {
        $p = $paramDoc[$name]
        # a parameter shared through a base class (TrainingCmdlet) is documented on the class that declares it
        $declaring = $type.GetProperty($name).DeclaringType
        $pdesc = Para $members["P:$($declaring.FullName).$name"] 'description'
        $pos = if ($p.Position -ge 0) { $p.Position } else { 'named' }
        $aliases = if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }
        [void]$sb.AppendLine("<command:parameter required=`"$($p.IsMandatory.ToString().ToLower())`" variableLength=`"true`" globbing=`"$(($name -eq 'Path').ToString().ToLower())`" pipelineInput=`"$(PipelineText $p)`" position=`"$pos`" aliases=`"$aliases`"><maml:name>$name</maml:name><maml:description><maml:para>$(Esc $pdesc)</maml:para></maml:description>$(ValueElement $p)<dev:type><maml:name>$(Esc $p.ParameterType.FullName)</maml:name></dev:type><dev:defaultValue>$(Esc (DefaultText $instance $name))</dev:defaultValue></command:parameter>")
    }
    # -WhatIf and -Confirm of the cmdlets that write files (SupportsShouldProcess), in PowerShell's usual words
    $shouldProcess = [ordered]@{ Confirm = @('cf', 'Prompts you for confirmation before writing.'); WhatIf = @('wi', 'Shows what would be written without writing it.') }
    foreach ($name in @($shouldProcess.Keys) | Where-Object { $cmd.Parameters.ContainsKey($_) }) {
        [void]$sb.AppendLine("<command:parameter required=`"false`" variableLength=`"true`" globbing=`"false`" pipelineInput=`"False`" position=`"named`" aliases=`"$($shouldProcess[$name][0])`"><maml:name>$name</maml:name><maml:description><maml:para>$($shouldProcess[$name][1])</maml:para></maml:description><dev:type><maml:name>System.Management.Automation.SwitchParameter</maml:name></dev:type><dev:defaultValue>False</dev:defaultValue></command:parameter>")
    }
    [void]$sb.AppendLine('</command:parameters>')

    $inputs = $paramDoc.Values | Where-Object ValueFromPipeline | ForEach-Object { $_.ParameterType.FullName } | Sort-Object -Unique
    [void]$sb.AppendLine('<command:inputTypes>')
    foreach ($t in $inputs) { [void]$sb.AppendLine("<command:inputType><dev:type><maml:name>$(Esc $t)</maml:name></dev:type></command:inputType>") }
    [void]$sb.AppendLine('</command:inputTypes><command:returnValues>')
    foreach ($t in $cmd.OutputType) { [void]$sb.AppendLine("<command:returnValue><dev:type><maml:name>$(Esc $t.Name)</maml:name></dev:type></command:returnValue>") }
    [void]$sb.AppendLine('</command:returnValues>')

    [void]$sb.AppendLine('<command:examples>')
    $i = 0
    foreach ($ex in $examples) {
        $i++
        $code = Text $ex.SelectSingleNode('code')
        $remark = Text $ex.SelectSingleNode('para')
        [void]$sb.AppendLine("<command:example><maml:title>-------------------------- Example $i --------------------------</maml:title><dev:code>$(Esc $code)</dev:code><dev:remarks><maml:para>$(Esc $remark)</maml:para></dev:remarks></command:example>")
    }
    [void]$sb.AppendLine('</command:examples>')
    [void]$sb.AppendLine('<command:relatedLinks><maml:navigationLink><maml:linkText>about_DeepStats</maml:linkText></maml:navigationLink></command:relatedLinks>')
    [void]$sb.AppendLine('</command:command>')
}
[void]$sb.AppendLine('</helpItems>')

if ($missing.Count -gt 0) { Write-Warning "Cmdlets without a synopsis or examples: $($missing -join ', ')" }
# write atomically: a half-written help file would break Get-Help for every cmdlet
$tmp = "$OutFile.tmp"
[System.IO.File]::WriteAllText($tmp, $sb.ToString(), [System.Text.UTF8Encoding]::new($false))
[xml](Get-Content -Raw $tmp) | Out-Null   # well-formed, or fail the build
Move-Item $tmp $OutFile -Force
Write-Host "Help for $((Get-Command -Module DeepStats -CommandType Cmdlet).Count) cmdlets written to $OutFile"
