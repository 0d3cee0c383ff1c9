; Two C-like functions with DWARF 5 debug info, compiled by llc 14 for wasm32 (no linker needed: the
; object's code offsets are what DWARF holds). Source (dwarf5.c, not compiled; written for this test):
;   1 struct P { int x; short y; };
;   2 int g = 7;
;   3 int add(int a, struct P *p) {
;   4   int s = a + p->x;
;   5   return s + g;
;   6 }
;   7 int twice(int v) {
;   8   v = v * 2; return v + 3;   (v's location changes twice: a location list)
;   9 }
target datalayout = "e-m:e-p:32:32-p10:8:8-p20:8:8-i64:64-n32:64-S128-ni:1:10:20"
target triple = "wasm32-unknown-unknown"

%struct.P = type { i32, i16 }

@g = global i32 7, align 4, !dbg !0

define i32 @add(i32 %a, %struct.P* %p) !dbg !20 {
entry:
  %a.addr = alloca i32, align 4
  %p.addr = alloca %struct.P*, align 4
  %s = alloca i32, align 4
  store i32 %a, i32* %a.addr, align 4
  call void @llvm.dbg.declare(metadata i32* %a.addr, metadata !25, metadata !DIExpression()), !dbg !30
  store %struct.P* %p, %struct.P** %p.addr, align 4
  call void @llvm.dbg.declare(metadata %struct.P** %p.addr, metadata !26, metadata !DIExpression()), !dbg !30
  call void @llvm.dbg.declare(metadata i32* %s, metadata !27, metadata !DIExpression()), !dbg !31
  %0 = load i32, i32* %a.addr, align 4, !dbg !32
  %1 = load %struct.P*, %struct.P** %p.addr, align 4, !dbg !33
  %x = getelementptr inbounds %struct.P, %struct.P* %1, i32 0, i32 0, !dbg !33
  %2 = load i32, i32* %x, align 4, !dbg !33
  %add = add nsw i32 %0, %2, !dbg !32
  store i32 %add, i32* %s, align 4, !dbg !31
  %3 = load i32, i32* %s, align 4, !dbg !34
  %4 = load i32, i32* @g, align 4, !dbg !34
  %add1 = add nsw i32 %3, %4, !dbg !34
  ret i32 %add1, !dbg !35
}

define i32 @twice(i32 %v) !dbg !40 {
entry:
  call void @llvm.dbg.value(metadata i32 %v, metadata !42, metadata !DIExpression()), !dbg !43
  %mul = shl nsw i32 %v, 1, !dbg !44
  call void @llvm.dbg.value(metadata i32 %mul, metadata !42, metadata !DIExpression()), !dbg !44
  %r = add nsw i32 %mul, 3, !dbg !44
  call void @llvm.dbg.value(metadata i32 %r, metadata !42, metadata !DIExpression(DW_OP_constu, 3, DW_OP_minus, DW_OP_stack_value)), !dbg !44
  ret i32 %r, !dbg !45
}

declare void @llvm.dbg.declare(metadata, metadata, metadata)
declare void @llvm.dbg.value(metadata, metadata, metadata)

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!15, !16, !17}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "g", scope: !2, file: !3, line: 2, type: !6, isLocal: false, isDefinition: true)
!2 = distinct !DICompileUnit(language: DW_LANG_C11, file: !3, producer: "hand-written IR", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug, globals: !4)
!3 = !DIFile(filename: "src/dwarf5.c", directory: "/work/example")
!4 = !{!0}
!6 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!7 = !DIBasicType(name: "short", size: 16, encoding: DW_ATE_signed)
!8 = distinct !DICompositeType(tag: DW_TAG_structure_type, name: "P", file: !3, line: 1, size: 64, elements: !9)
!9 = !{!10, !11}
!10 = !DIDerivedType(tag: DW_TAG_member, name: "x", scope: !8, file: !3, line: 1, baseType: !6, size: 32)
!11 = !DIDerivedType(tag: DW_TAG_member, name: "y", scope: !8, file: !3, line: 1, baseType: !7, size: 16, offset: 32)
!12 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !8, size: 32)
!15 = !{i32 7, !"Dwarf Version", i32 5}
!16 = !{i32 2, !"Debug Info Version", i32 3}
!17 = !{i32 1, !"wchar_size", i32 4}
!20 = distinct !DISubprogram(name: "add", scope: !3, file: !3, line: 3, type: !21, scopeLine: 3, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition, unit: !2, retainedNodes: !24)
!21 = !DISubroutineType(types: !22)
!22 = !{!6, !6, !12}
!24 = !{}
!25 = !DILocalVariable(name: "a", arg: 1, scope: !20, file: !3, line: 3, type: !6)
!26 = !DILocalVariable(name: "p", arg: 2, scope: !20, file: !3, line: 3, type: !12)
!27 = !DILocalVariable(name: "s", scope: !20, file: !3, line: 4, type: !6)
!30 = !DILocation(line: 3, column: 13, scope: !20)
!31 = !DILocation(line: 4, column: 7, scope: !20)
!32 = !DILocation(line: 4, column: 11, scope: !20)
!33 = !DILocation(line: 4, column: 18, scope: !20)
!34 = !DILocation(line: 5, column: 12, scope: !20)
!35 = !DILocation(line: 5, column: 3, scope: !20)
!40 = distinct !DISubprogram(name: "twice", scope: !3, file: !3, line: 7, type: !46, scopeLine: 7, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !41)
!41 = !{!42}
!42 = !DILocalVariable(name: "v", arg: 1, scope: !40, file: !3, line: 7, type: !6)
!43 = !DILocation(line: 7, column: 15, scope: !40)
!44 = !DILocation(line: 8, column: 12, scope: !40)
!45 = !DILocation(line: 8, column: 3, scope: !40)
!46 = !DISubroutineType(types: !47)
!47 = !{!6, !6}
