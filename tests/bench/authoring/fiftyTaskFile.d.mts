/** A 50-task DAG file with options on every task; `edit` changes one line, as a keystroke would. */
export declare function fiftyTaskFile(edit: number): string;
