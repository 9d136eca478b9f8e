# Dot-sourced by the tests that need image files: New-Png writes a minimal uncompressed grayscale
# PNG by hand (zlib stored blocks + CRC32), so no image library is needed to make test data.
function New-Png([string] $Path, [int] $W, [int] $H, [byte] $Value) {
    $crcTable = [uint32[]]::new(256)
    for ($n = 0; $n -lt 256; $n++) { $c = [uint32]$n; for ($k = 0; $k -lt 8; $k++) { if ($c -band 1) { $c = 0xEDB88320u -bxor ($c -shr 1) } else { $c = $c -shr 1 } }; $crcTable[$n] = $c }
    function Crc([byte[]] $b) { $c = [uint32]::MaxValue; foreach ($x in $b) { $c = $crcTable[($c -bxor $x) -band 0xFF] -bxor ($c -shr 8) }; $c -bxor [uint32]::MaxValue }
    function BE([uint32] $v) { [byte[]](((($v -shr 24) -band 0xFF)), ((($v -shr 16) -band 0xFF)), ((($v -shr 8) -band 0xFF)), (($v -band 0xFF))) }
    function Chunk([string] $type, [byte[]] $data) { $t = [System.Text.Encoding]::ASCII.GetBytes($type); (BE $data.Length) + $t + $data + (BE (Crc ($t + $data))) }
    $raw = [System.IO.MemoryStream]::new()
    for ($y = 0; $y -lt $H; $y++) { $raw.WriteByte(0); for ($x = 0; $x -lt $W; $x++) { $raw.WriteByte($Value) } }
    $z = [System.IO.MemoryStream]::new()
    $zl = [System.IO.Compression.ZLibStream]::new($z, [System.IO.Compression.CompressionLevel]::NoCompression)
    $zl.Write($raw.ToArray(), 0, $raw.Length); $zl.Dispose()
    $ihdr = (BE $W) + (BE $H) + [byte[]](8, 0, 0, 0, 0)
    $png = [byte[]](0x89, 80, 78, 71, 13, 10, 26, 10) + (Chunk 'IHDR' $ihdr) + (Chunk 'IDAT' $z.ToArray()) + (Chunk 'IEND' ([byte[]]@()))
    [System.IO.File]::WriteAllBytes($Path, [byte[]]$png)
}
