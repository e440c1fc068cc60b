"""Plan documents of other shapes (issue 11, item 15): target phrasings and table layouts in
the forms other governments publish — county and city work plans, 指标分解表, ministries'
工作要点 and 任务分工方案, five-year plans' 主要指标 tables. The texts are written for these tests;
the figures follow the orders of magnitude those documents state."""
